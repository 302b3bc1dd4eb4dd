// The reservations area's screens, one chunk loaded on first use.
export { ReservationPage, ReservationsPage } from './ReservationsPage';
