import { Stack } from '@mantine/core';
import { type FormErrors, type UseFormReturnType, useForm } from '@mantine/form';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { type FormEvent, type ReactNode, useMemo, useRef, useState } from 'react';
import type { z } from 'zod';
import type { ErrorCode, ErrorPayload } from '../../shared/errors.ts';
import { toDisplayError } from './displayError.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

// biome-ignore lint/suspicious/noExplicitAny: as @mantine/form's own bound, so that interfaces fit.
type Values = Record<string, any>;

export interface ContractFormOptions<V extends Values, I, T> {
  initialValues: V;
  /**
   * The contract's zod schema (shared/): the form checks what the service checks, with the same French
   * messages. Each form field has the name of the schema's field, so an issue lands on its input.
   */
  schema: z.ZodType;
  /** The values as the schema and the service read them (empty text → null, a number from its text…). */
  toInput: (values: V) => I;
  /** Sends the checked input to the service. */
  send: (input: I, values: V) => Promise<T>;
  onSaved?: (result: T, values: V) => void;
  /** A service refusal that concerns one field (CONVENTION_OVERLAP → `start`) is shown on that field. */
  fieldOfError?: Partial<Record<ErrorCode, string>>;
}

export interface ContractForm<V extends Values> {
  form: UseFormReturnType<V>;
  /** The form element's submit handler: checks every field at once, then sends. */
  submit: (event?: FormEvent<HTMLFormElement>) => void;
  busy: boolean;
  /** A refusal that names no field, shown at the form's foot. */
  footError: ErrorPayload | null;
}

/** The form's fields in page order, to bring the first one in error into view. */
function focusFirstError(root: HTMLFormElement | null, errors: FormErrors) {
  const inputs = root?.querySelectorAll<HTMLElement>('[data-path]') ?? [];
  for (const input of inputs) {
    if (input.dataset.path && errors[input.dataset.path]) {
      input.focus();
      return;
    }
  }
}

/** Errors the form shows on no input (a check across the whole form): they go to the foot. */
function unplacedErrors(root: HTMLFormElement | null, errors: FormErrors): string[] {
  const paths = new Set(
    [...(root?.querySelectorAll<HTMLElement>('[data-path]') ?? [])].map((input) => input.dataset.path),
  );
  return Object.entries(errors)
    .filter(([path, message]) => message && !paths.has(path))
    .map(([, message]) => String(message));
}

/**
 * @mantine/form checked by a zod schema of the contract on `toInput(values)`, each issue on the field of
 * its path; a field is checked when it is left after a change, and its error goes as soon as it changes.
 */
export function useSchemaForm<V extends Values>({
  initialValues,
  schema,
  toInput,
  onValuesChange,
}: {
  initialValues: V;
  schema: z.ZodType;
  toInput: (values: V) => unknown;
  onValuesChange?: (values: V) => void;
}) {
  const resolve = useMemo(() => zod4Resolver(schema, { errorPriority: 'first' }), [schema]);
  return useForm<V>({
    initialValues,
    validate: (values) => resolve(toInput(values) as Values),
    clearInputErrorOnChange: true,
    onValuesChange,
    // A field changed then left is checked; one only passed through is not (no error before it is touched).
    enhanceGetInputProps: ({ field, form }) => ({
      onBlur: () => {
        if (form.isDirty(field)) form.validateField(field);
      },
    }),
  });
}

/**
 * One form, the same way everywhere (@mantine/form with the contract's zod schema):
 * - nothing is said before the person has changed a field and left it, or submitted;
 * - on submit every error is shown at once, each on its field, and the first field in error takes focus;
 * - an error goes as soon as its field changes;
 * - the service's refusal is shown on the field it concerns when it names one, else at the foot.
 */
export function useContractForm<V extends Values, I, T>(options: ContractFormOptions<V, I, T>) {
  const { schema, toInput, send, onSaved, fieldOfError } = options;
  const [busy, setBusy] = useState(false);
  const [footError, setFootError] = useState<ErrorPayload | null>(null);
  const form = useSchemaForm({ initialValues: options.initialValues, schema, toInput });
  const element = useRef<HTMLFormElement | null>(null);

  const submit = (event?: FormEvent<HTMLFormElement>) => {
    event?.preventDefault();
    element.current = event?.currentTarget ?? element.current;
    form.onSubmit(
      async (values) => {
        setBusy(true);
        setFootError(null);
        try {
          const result = await send(toInput(values), values);
          onSaved?.(result, values);
        } catch (caught) {
          const error = toDisplayError(caught);
          const field = fieldOfError?.[error.code];
          if (field) {
            form.setFieldError(field, error.message);
            focusFirstError(element.current, { [field]: error.message });
          } else setFootError(error);
        } finally {
          setBusy(false);
        }
      },
      (errors) => {
        const unplaced = unplacedErrors(element.current, errors);
        setFootError(unplaced.length > 0 ? { code: 'INVALID_INPUT', message: unplaced.join(' ') } : null);
        focusFirstError(element.current, errors);
      },
    )();
  };

  return { form, submit, busy, footError } satisfies ContractForm<V>;
}

/**
 * The form element of a contract form: the browser's own checks are off (its bubbles are generic and one
 * at a time), the refusal that names no field sits at the foot, above `actions`.
 */
export function ContractFormElement<V extends Values>({
  contract,
  label,
  errorTitle,
  actions,
  children,
}: {
  contract: ContractForm<V>;
  /** The form's accessible name, when it is not in a dialog that names it. */
  label?: string;
  errorTitle?: string;
  actions: ReactNode;
  children: ReactNode;
}) {
  return (
    <form noValidate aria-label={label} onSubmit={contract.submit}>
      <Stack gap="sm">
        {children}
        <ErrorAlert error={contract.footError} title={errorTitle} />
        {actions}
      </Stack>
    </form>
  );
}
