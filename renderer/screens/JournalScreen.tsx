import { Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { type AuditEntry, auditEntities, auditEntityLabels } from '../../shared/domain/audit.ts';
import { isoDateSchema, isRealDate } from '../../shared/domain/dates.ts';
import { DateField } from '../components/DateField.tsx';
import { useApi } from '../components/useApi.ts';
import { AuditTrail } from './audit/AuditTrail.tsx';

/**
 * A bound of the period: while typed it filters nothing until it is a real day; once the field is left,
 * a wrong one says why, on the field.
 */
function DateFilter({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
}) {
  const [left, setLeft] = useState(false);
  const wrong = left && value !== '' && !isRealDate(value);
  return (
    <DateField
      label={label}
      value={value}
      onChange={(typed) => {
        setLeft(false);
        onChange(typed);
      }}
      onBlur={() => setLeft(true)}
      error={wrong ? isoDateSchema.safeParse(value).error?.issues[0]?.message : undefined}
      clearable
      w={150}
    />
  );
}

/** Every change, newest first: who, when, what, before → after; filters narrow it down. */
export function JournalScreen() {
  const epcis = useApi('epci.list', {});
  const [entity, setEntity] = useState<AuditEntry['entity'] | null>(null);
  const [actor, setActor] = useState('');
  const [epci, setEpci] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // Typing a name should not query the journal at every keystroke.
  const [debouncedActor] = useDebouncedValue(actor.trim(), 300);

  const filter = {
    ...(entity ? { entity } : {}),
    ...(debouncedActor ? { actor: debouncedActor } : {}),
    ...(epci ? { epci } : {}),
    ...(isRealDate(from) ? { from } : {}),
    ...(isRealDate(to) ? { to } : {}),
  };

  return (
    <Stack gap="md">
      <div>
        <Title order={2}>Journal</Title>
        <Text size="sm" c="dimmed">
          Chaque modification est datée et signée du nom indiqué dans Réglages.
        </Text>
      </div>
      <Group align="flex-start">
        <Select
          label="Objet"
          placeholder="Tous"
          data={auditEntities.map((e) => ({ value: e, label: auditEntityLabels[e] }))}
          value={entity}
          onChange={(value) => setEntity(value as AuditEntry['entity'] | null)}
          clearable
          w={170}
        />
        <TextInput
          label="Par"
          placeholder="Nom de l’agent"
          value={actor}
          onChange={(event) => setActor(event.currentTarget.value)}
          w={170}
        />
        <Select
          label="EPCI"
          placeholder="Tous les EPCI"
          data={(epcis.data ?? []).map((e) => ({ value: e.siren, label: e.name }))}
          value={epci}
          onChange={setEpci}
          clearable
          searchable
          w={250}
        />
        <DateFilter label="Du" value={from} onChange={setFrom} />
        <DateFilter label="Au" value={to} onChange={setTo} />
      </Group>
      <AuditTrail filter={filter} />
    </Stack>
  );
}
