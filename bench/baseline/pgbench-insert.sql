-- One single-row insert per transaction into a small table: the database's own ceiling for the
-- kind of write a submission makes, without any HTTP or application work.
insert into bench_insert (survey_version_id, locale, submitted_on, payload)
values (1, 'en', current_date, 'about the size of a short answer to one question');
