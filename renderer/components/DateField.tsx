import { DateInput, type DateInputProps } from '@mantine/dates';
import 'dayjs/locale/fr';
import { type ReactNode, useState } from 'react';
import { isRealDate } from '../../shared/domain/dates.ts';
import classes from './DateField.module.css';

/**
 * What staff type, as the contract's `YYYY-MM-DD` — its shape only: « 31/02/2027 » becomes 2027-02-31,
 * which the contract's schema then refuses in French. Day first (31/12/2027, 31-12-2027, 31.12.2027,
 * 1/2/2027) or ISO (2027-12-31, pasted); anything else is unreadable (null).
 */
export function isoFromTyped(text: string): string | null {
  const typed = text.trim();
  const dayFirst = /^(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{4})$/.exec(typed);
  if (dayFirst) {
    const [, day = '', month = '', year = ''] = dayFirst;
    return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  }
  return /^\d{4}-\d{2}-\d{2}$/.test(typed) ? typed : null;
}

const unreadableMessage = 'Date illisible : écrivez-la JJ/MM/AAAA (exemple : 31/12/2027).';

type Props = Omit<DateInputProps, 'value' | 'defaultValue' | 'onChange' | 'error'> & {
  /** '' (none), a date `YYYY-MM-DD`, or what was typed when it is not a real date. */
  value?: string;
  onChange: (value: string) => void;
  error?: ReactNode;
};

/**
 * A French date field, whatever the computer's language: JJ/MM/AAAA typed or picked in a French calendar
 * (Monday first). What is typed reaches the form as typed, so a day that does not exist is refused on the
 * field, in French, by the contract's schema — never silently replaced nor left to the browser.
 */
export function DateField({ value = '', onChange, error, onBlur, ...props }: Props) {
  const real = isRealDate(value);
  const unreadable = value !== '' && isoFromTyped(value) === null;
  // The calendar opens on a click or ↓, not on focus: a field focused for its error keeps it in view.
  const [calendar, setCalendar] = useState(false);
  return (
    <DateInput
      locale="fr"
      valueFormat="DD/MM/YYYY"
      placeholder="JJ/MM/AAAA"
      firstDayOfWeek={1}
      classNames={{ day: classes.day }}
      {...props}
      popoverProps={{ opened: calendar, onClose: () => setCalendar(false) }}
      onClick={() => setCalendar(true)}
      onKeyDown={(event) => {
        if (event.key === 'ArrowDown') setCalendar(true);
        if (event.key === 'Escape') setCalendar(false);
      }}
      // While the calendar is open, Échap closes it and not the dialog around the field (Mantine's marker).
      data-mantine-stop-propagation={calendar ? 'true' : undefined}
      onBlur={(event) => {
        setCalendar(false);
        onBlur?.(event);
      }}
      value={real ? value : null}
      onChange={(picked) => {
        setCalendar(false);
        onChange(picked ?? '');
      }}
      dateParser={(text) => {
        const iso = isoFromTyped(text);
        return iso !== null && isRealDate(iso) ? iso : null;
      }}
      onInput={(event) => {
        const typed = event.currentTarget.value.trim();
        onChange(typed === '' ? '' : (isoFromTyped(typed) ?? typed));
      }}
      // A real date is rewritten JJ/MM/AAAA on leaving; a wrong one stays as typed, beside its error.
      fixOnBlur={value === '' || real}
      error={error && unreadable ? unreadableMessage : error}
    />
  );
}
