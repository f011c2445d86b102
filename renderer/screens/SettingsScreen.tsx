import { Stack, Title } from '@mantine/core';
import { LoadState } from '../components/LoadState.tsx';
import { useApi } from '../components/useApi.ts';
import { displayedMillesime } from '../millesimes.ts';
import { AccessPanel } from './settings/AccessPanel.tsx';
import { AppInfoPanel } from './settings/AppInfoPanel.tsx';
import { BackupsPanel } from './settings/BackupsPanel.tsx';
import { DiagnosticPanel } from './settings/DiagnosticPanel.tsx';
import { MillesimesPanel } from './settings/MillesimesPanel.tsx';
import { PopulationImportPanel } from './settings/PopulationImportPanel.tsx';
import { ReportDefaultsPanel } from './settings/ReportDefaultsPanel.tsx';
import { StaffNamePanel } from './settings/StaffNamePanel.tsx';
import { SyncPanel } from './settings/SyncPanel.tsx';

export function SettingsScreen() {
  const info = useApi('app.info', {});
  const vintages = useApi('millesime.list', {});
  const currentMillesime = vintages.data ? displayedMillesime(vintages.data) : null;
  return (
    <Stack gap="md" maw={1100}>
      <Title order={2}>Réglages</Title>
      <StaffNamePanel />
      <ReportDefaultsPanel />
      <SyncPanel />
      <AccessPanel />
      <LoadState state={vintages}>{(list) => <MillesimesPanel vintages={list} />}</LoadState>
      <PopulationImportPanel
        current={currentMillesime}
        onImported={() => {
          vintages.reload();
          info.reload();
        }}
      />
      <BackupsPanel
        onRestored={() => {
          vintages.reload();
          info.reload();
        }}
      />
      <DiagnosticPanel />
      <LoadState state={info}>{(data) => <AppInfoPanel info={data} />}</LoadState>
    </Stack>
  );
}
