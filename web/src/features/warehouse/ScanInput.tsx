import { type FormEvent, forwardRef, useImperativeHandle, useRef, useState } from 'react';

export interface ScanInputHandle {
  focus(): void;
}

/**
 * The one input a scanner types into: a keyboard-wedge scanner sends the code and Enter, a person types
 * and presses Enter (or the button). It keeps the focus so the next scan lands in it, and empties itself
 * after each scan.
 */
export const ScanInput = forwardRef<
  ScanInputHandle,
  {
    label: string;
    placeholder?: string;
    submitLabel: string;
    isBusy?: boolean;
    testId?: string;
    onScan(code: string): void;
  }
>(function ScanInput({ label, placeholder, submitLabel, isBusy = false, testId, onScan }, handle) {
  const [value, setValue] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useImperativeHandle(handle, () => ({ focus: () => input.current?.focus() }), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const code = value.trim();
    if (code === '' || isBusy) return;
    setValue('');
    onScan(code);
    input.current?.focus();
  };
  return (
    <form className="scan-form" onSubmit={submit} noValidate>
      <label className="scan-label" htmlFor={`${testId ?? 'scan'}-input`}>
        {label}
      </label>
      <div className="scan-row">
        <input
          ref={input}
          id={`${testId ?? 'scan'}-input`}
          className="scan-input"
          data-testid={testId}
          value={value}
          placeholder={placeholder}
          onChange={(e) => setValue(e.target.value)}
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          enterKeyHint="go"
          // biome-ignore lint/a11y/noAutofocus: a scan screen exists to take scans; the scanner types here.
          autoFocus
        />
        <button
          type="submit"
          className="btn btn-primary scan-submit"
          disabled={isBusy}
          aria-busy={isBusy || undefined}
        >
          {isBusy ? <span className="spinner spinner-sm" aria-hidden="true" /> : null}
          <span>{submitLabel}</span>
        </button>
      </div>
    </form>
  );
});

export interface Feedback {
  tone: 'success' | 'error' | 'warning' | 'info';
  text: string;
  code?: string | undefined;
}

/** What the last scan did, big enough to read at arm's length. */
export function ScanFeedback({ feedback }: { feedback: Feedback | null }) {
  if (!feedback) return <div className="scan-feedback scan-feedback-empty" aria-live="polite" />;
  return (
    <div
      className={`scan-feedback scan-feedback-${feedback.tone}`}
      role={feedback.tone === 'error' ? 'alert' : 'status'}
      data-testid="scan-feedback"
      data-code={feedback.code}
    >
      {feedback.text}
    </div>
  );
}
