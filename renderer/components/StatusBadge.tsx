import { Badge, type MantineColor } from '@mantine/core';
import { type OnboardingStatus, onboardingStatusLabels } from '../../shared/domain/onboarding.ts';

/** One colour per onboarding status, from grey (untouched) through blue and violet to green (active). */
export const statusColors: Record<OnboardingStatus, MantineColor> = {
  not_contacted: 'gray',
  in_discussion: 'blue',
  convention_drafted: 'yellow',
  convention_signed: 'violet',
  active: 'green',
  suspended: 'orange',
  left: 'red',
};

export function StatusBadge({
  status,
  size = 'md',
  title,
}: {
  status: OnboardingStatus;
  size?: 'sm' | 'md' | 'lg';
  title?: string;
}) {
  return (
    // Never truncated: a status cut to "Non contac…" says nothing.
    <Badge color={statusColors[status]} variant="light" size={size} tt="none" miw="max-content" title={title}>
      {onboardingStatusLabels[status]}
    </Badge>
  );
}
