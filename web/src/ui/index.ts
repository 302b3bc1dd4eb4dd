export { Badge, StatusBadge, type Tone } from './Badge';
export { Button, type ButtonVariant } from './Button';
export { Dialog } from './Dialog';
export { CheckboxField, RadioGroup, SelectField, TextAreaField, TextField } from './Field';
export { EmptyState, ErrorState, InlineError, Loading, Spinner, useErrorMessage } from './States';
export { Table } from './Table';
export { ToastProvider, useToast } from './Toast';
