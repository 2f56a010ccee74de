// Which page comes next. Pages whose questions are all hidden by showIf are skipped both ways.
import { type FormValues, isVisible } from './answers.js';
import type { Page, Survey } from './model.js';

export function pagesAsked(survey: Survey, values: FormValues): Page[] {
  return survey.pages.filter((page) => page.questions.some((q) => isVisible(q, values)));
}

export function pageAfter(survey: Survey, pageId: string | undefined, values: FormValues): Page | undefined {
  const asked = pagesAsked(survey, values);
  if (pageId === undefined) return asked[0];
  const index = survey.pages.findIndex((p) => p.id === pageId);
  return asked.find((p) => survey.pages.indexOf(p) > index);
}

export function pageBefore(survey: Survey, pageId: string, values: FormValues): Page | undefined {
  const asked = pagesAsked(survey, values);
  const index = survey.pages.findIndex((p) => p.id === pageId);
  return asked.filter((p) => survey.pages.indexOf(p) < index).at(-1);
}

export function findPage(survey: Survey, pageId: unknown): Page | undefined {
  return typeof pageId === 'string' ? survey.pages.find((p) => p.id === pageId) : undefined;
}
