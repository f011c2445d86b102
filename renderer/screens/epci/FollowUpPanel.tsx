import { Badge, Button, Group, Paper, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { EpciDetail } from '../../../shared/domain/collectivity.ts';
import { followUpInputSchema } from '../../../shared/domain/collectivity.ts';
import { today } from '../../../shared/domain/dates.ts';
import { api } from '../../api.ts';
import { ContractFormElement, useContractForm } from '../../components/contractForm.tsx';
import { DateField } from '../../components/DateField.tsx';

/**
 * What to do next for this EPCI, and by when (a French date, JJ/MM/AAAA); an overdue date is flagged in
 * words. The Collectivités list shows both, and its « À faire » view lists them by due date.
 */
export function FollowUpPanel({ epci, onChanged }: { epci: EpciDetail; onChanged: () => void }) {
  const [saved, setSaved] = useState(false);
  const followUpForm = useContractForm({
    initialValues: {
      nextAction: epci.followUp.nextAction,
      nextActionDue: epci.followUp.nextActionDue ?? '',
    },
    schema: followUpInputSchema,
    toInput: (values) => ({ nextAction: values.nextAction, nextActionDue: values.nextActionDue || null }),
    send: (input) => api.call('epci.updateFollowUp', { siren: epci.siren, ...input }),
    onSaved: () => {
      setSaved(true);
      onChanged();
    },
  });
  const { form } = followUpForm;
  const changed =
    form.values.nextAction !== epci.followUp.nextAction ||
    form.values.nextActionDue !== (epci.followUp.nextActionDue ?? '');
  const overdue = epci.followUp.nextActionDue !== null && epci.followUp.nextActionDue < today();
  /** Mantine's input props, with « Enregistré. » gone as soon as something changes again. */
  const field = (name: 'nextAction' | 'nextActionDue') => {
    const props = form.getInputProps(name);
    return {
      ...props,
      onChange: (value: unknown) => {
        setSaved(false);
        props.onChange(value);
      },
    };
  };

  return (
    <Paper withBorder p="sm">
      <ContractFormElement
        contract={followUpForm}
        label="Prochaine action"
        errorTitle="Prochaine action non enregistrée"
        actions={
          <Group gap="sm">
            <Button type="submit" size="xs" loading={followUpForm.busy} disabled={!changed}>
              Enregistrer
            </Button>
            {saved && !changed && (
              <Text size="sm" c="teal.9" role="status">
                Enregistré.
              </Text>
            )}
          </Group>
        }
      >
        <Group justify="space-between">
          <Title order={3} size="h5">
            Prochaine action
          </Title>
          {overdue && (
            <Badge color="red" variant="light" tt="none">
              en retard
            </Badge>
          )}
        </Group>
        <Group align="flex-start" wrap="nowrap">
          <TextInput
            label="À faire"
            placeholder="Ex. : envoyer le projet de convention"
            style={{ flex: 1 }}
            {...field('nextAction')}
          />
          <DateField label="Échéance" w={170} {...field('nextActionDue')} />
        </Group>
      </ContractFormElement>
    </Paper>
  );
}
