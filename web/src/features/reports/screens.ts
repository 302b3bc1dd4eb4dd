// The reports area's screens, one chunk loaded on first use.
export { AuditPage } from './AuditPage';
export { ReportsFirstTab, ReportsLayout } from './ReportsLayout';
export { ShrinkagePage } from './ShrinkagePage';
