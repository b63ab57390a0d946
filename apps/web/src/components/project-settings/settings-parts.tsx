"use client";

import type { FormEvent, InputHTMLAttributes, ReactNode } from "react";
import { errorMessage } from "../error-message.ts";
import { CopyButton } from "./copy-button.tsx";

/** A button that asks first (when `confirm` is given) and acts only on a yes. */
export function ConfirmButton({
  className,
  disabled,
  confirm,
  onConfirm,
  children,
}: {
  className: "danger" | "secondary";
  disabled: boolean;
  confirm?: string;
  onConfirm: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={className}
      disabled={disabled}
      onClick={() => {
        if (confirm === undefined || window.confirm(confirm)) onConfirm();
      }}
    >
      {children}
    </button>
  );
}

/** The last cell of a listed row: a delete-like action. */
export function RowAction(props: {
  disabled: boolean;
  confirm?: string;
  onConfirm: () => void;
  children: ReactNode;
}) {
  return (
    <td className="actions">
      <ConfirmButton className="danger" {...props} />
    </td>
  );
}

/**
 * A listing while it loads (nothing), when empty (the `empty` line), or as a table with
 * the given column headings (none: no head row) and one row per item.
 */
export function ListTable<T>({
  items,
  empty,
  headings,
  row,
}: {
  items: T[] | undefined;
  empty: string;
  headings?: string[];
  row: (item: T) => ReactNode;
}) {
  if (items === undefined) return null;
  if (items.length === 0) return <p className="empty-inline">{empty}</p>;
  return (
    <table className="list">
      {headings ? (
        <thead>
          <tr>
            {headings.map((heading) => (
              <th key={heading}>{heading}</th>
            ))}
            <th />
          </tr>
        </thead>
      ) : null}
      <tbody>{items.map(row)}</tbody>
    </table>
  );
}

/** A labelled input of an add form (the label wraps it, so it is found by its label). */
export function LabeledInput({
  label,
  ...input
}: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label>
      {label}
      <input {...input} />
    </label>
  );
}

/**
 * A variable's name and its write-only value, as the add forms ask for them; `named`
 * gives the inputs form field names.
 */
export function VariableInputs({
  label,
  placeholder,
  name,
  onName,
  value,
  onValue,
  named = false,
}: {
  label: string;
  placeholder: string;
  name: string;
  onName: (name: string) => void;
  value: string;
  onValue: (value: string) => void;
  named?: boolean;
}) {
  return (
    <>
      <LabeledInput
        label={label}
        name={named ? "name" : undefined}
        value={name}
        onChange={(event) => onName(event.target.value)}
        placeholder={placeholder}
        maxLength={256}
        required
        autoComplete="off"
      />
      <LabeledInput
        label="Value"
        name={named ? "value" : undefined}
        type="password"
        value={value}
        onChange={(event) => onValue(event.target.value)}
        autoComplete="new-password"
      />
    </>
  );
}

/** A form's submit button, disabled while it runs or while the form is incomplete. */
export function SubmitButton({
  pending,
  incomplete,
  label,
  pendingLabel = label,
}: {
  pending: boolean;
  incomplete: boolean;
  label: string;
  pendingLabel?: string;
}) {
  return (
    <button type="submit" disabled={pending || incomplete}>
      {pending ? pendingLabel : label}
    </button>
  );
}

/** An inline form that makes something from a name alone (a token, a context). */
export function NameForm({
  label,
  placeholder,
  maxLength,
  name,
  onName,
  pending,
  submitLabel,
  pendingLabel,
  onSubmit,
}: {
  label: string;
  placeholder: string;
  maxLength: number;
  name: string;
  onName: (name: string) => void;
  pending: boolean;
  submitLabel: string;
  pendingLabel: string;
  onSubmit: (event: FormEvent) => void;
}) {
  return (
    <form className="form inline-form" onSubmit={onSubmit}>
      <LabeledInput
        label={label}
        value={name}
        onChange={(event) => onName(event.target.value)}
        placeholder={placeholder}
        maxLength={maxLength}
        required
      />
      <SubmitButton
        pending={pending}
        incomplete={name.trim() === ""}
        label={submitLabel}
        pendingLabel={pendingLabel}
      />
    </form>
  );
}

/** The first failure of a section's queries and mutations, in words. */
export function FailureLine({ failure }: { failure: unknown }) {
  return failure ? <p className="error">{errorMessage(failure)}</p> : null;
}

/** A secret shown once, right after it is made, with a copy button. */
export function ShownOnce({
  testId,
  intro,
  secret,
}: {
  testId: string;
  intro: ReactNode;
  secret: string;
}) {
  return (
    <div className="notice" data-testid={testId}>
      <p>{intro} — copy it now, it will not be shown again:</p>
      <pre className="key">{secret}</pre>
      <CopyButton text={secret} />
    </div>
  );
}
