// The typed shape of the database, as the migrations leave it.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export type SurveyStatus = 'draft' | 'open' | 'closed';
export type ResponseChannel = 'online' | 'assisted' | 'paper';
export type ResponseStatus = 'received' | 'in_review' | 'themed' | 'withdrawn';

/** A Postgres `date`, kept as a `YYYY-MM-DD` string on both drivers. */
type DateOnly = ColumnType<string, string | undefined, string>;

export interface SurveysTable {
  id: Generated<string>;
  slug: string;
  status: ColumnType<SurveyStatus, SurveyStatus | undefined, SurveyStatus>;
  current_version_id: string | null;
}

export interface SurveyVersionsTable {
  id: Generated<string>;
  survey_id: string;
  version: number;
  content_hash: string;
  definition: ColumnType<unknown, string, string>;
  imported_on: DateOnly;
}

export interface ResponsesTable {
  id: Generated<string>;
  survey_version_id: string;
  locale: string;
  channel: ResponseChannel;
  submitted_on: string;
  status: ColumnType<ResponseStatus, ResponseStatus | undefined, ResponseStatus>;
  receipt_hash: string;
}

export interface AnswersTable {
  response_id: string;
  question_id: string;
  value: ColumnType<unknown, string, string>;
  personal_details: ColumnType<unknown, string | undefined, string>;
}

export interface Database {
  surveys: SurveysTable;
  survey_versions: SurveyVersionsTable;
  responses: ResponsesTable;
  answers: AnswersTable;
}

export type SurveyRow = Selectable<SurveysTable>;
export type SurveyVersionRow = Selectable<SurveyVersionsTable>;
export type NewResponse = Insertable<ResponsesTable>;
