export {
  atVietnamTime,
  fromDayNumber,
  toDayNumber,
  VIETNAM_UTC_OFFSET_MINUTES,
  vietnamCivilDate,
} from './civil-date.ts';
export { computeDeadline, computeDueAt } from './due-at.ts';
export type { Deadline, DueAtInput } from './due-at.ts';
export {
  CalendarNotCoveredError,
  createWorkingCalendar,
  VIETNAM_PUBLIC_HOLIDAYS,
} from './working-calendar.ts';
export type { CalendarData, CalendarEntry, CalendarYear, WorkingCalendar } from './working-calendar.ts';
