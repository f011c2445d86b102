import { Button, Checkbox, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ReportDefaults } from '../../../shared/domain/settings.ts';
import { api } from '../../api.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { useAction } from '../../components/useAction.ts';
import { useApi } from '../../components/useApi.ts';

const offsetLabels: Record<number, string> = {
  [-2]: 'il y a deux ans',
  [-1]: 'l’année dernière',
  0: 'l’année en cours',
  1: 'l’année prochaine',
  2: 'dans deux ans',
  3: 'dans trois ans',
  4: 'dans quatre ans',
  5: 'dans cinq ans',
};

/** What the Rapports screen (and `mednum report` without --year) proposes on this PC. */
export function ReportDefaultsPanel() {
  const settings = useApi('settings.get', {});
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="report-defaults-title">
      <Stack gap="xs">
        <Title order={3} size="h4" id="report-defaults-title">
          Rapports par défaut
        </Title>
        <Text size="sm" c="dimmed">
          Ce que l’écran Rapports propose en s’ouvrant sur ce poste ; la ligne de commande prend la même année
          quand aucune n’est indiquée.
        </Text>
        <LoadState state={settings}>
          {(data) => <ReportDefaultsForm stored={data.reports} onSaved={settings.reload} />}
        </LoadState>
      </Stack>
    </Paper>
  );
}

function ReportDefaultsForm({ stored, onSaved }: { stored: ReportDefaults; onSaved: () => void }) {
  const [draft, setDraft] = useState(stored);
  const [saved, setSaved] = useState(false);
  const action = useAction();
  useEffect(() => setDraft(stored), [stored]);
  const changed = draft.yearOffset !== stored.yearOffset || draft.keepCopy !== stored.keepCopy;

  async function submit() {
    const done = await action.run(() => api.call('settings.update', { reports: draft }));
    setSaved(Boolean(done));
    if (done) onSaved();
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Stack gap="xs">
        <Group align="flex-end">
          <Select
            label="Année proposée"
            data={Object.entries(offsetLabels).map(([value, label]) => ({ value, label }))}
            value={String(draft.yearOffset)}
            onChange={(value) => {
              if (value === null) return;
              setDraft({ ...draft, yearOffset: Number(value) });
              setSaved(false);
            }}
            allowDeselect={false}
            w={220}
          />
          <Button type="submit" loading={action.busy} disabled={!changed}>
            Enregistrer ces choix
          </Button>
          {saved && !changed && (
            <Text size="sm" c="teal.9" role="status" mb={8}>
              Réglage enregistré.
            </Text>
          )}
        </Group>
        <Checkbox
          label="Application de bureau : garder une copie du rapport de financement dans le dossier des rapports"
          checked={draft.keepCopy}
          onChange={(event) => {
            setDraft({ ...draft, keepCopy: event.currentTarget.checked });
            setSaved(false);
          }}
        />
        <ErrorAlert error={action.error} title="Réglage non enregistré" />
      </Stack>
    </form>
  );
}
