import type { ScreenProps } from '../../app/screens';
import { Link } from '../../lib/router';
import { ChannelsTab } from './ChannelsTab';
import { FlowsTab } from './FlowsTab';
import { SchedulesTab } from './SchedulesTab';
import { SettingsTab } from './SettingsTab';
import { TemplatesTab } from './TemplatesTab';

const TABS = [
  { key: 'fluxos', label: 'Fluxos', component: FlowsTab },
  { key: 'modelos', label: 'Modelos de mensagem', component: TemplatesTab },
  { key: 'horarios', label: 'Horários e limites', component: SettingsTab },
  { key: 'agendamentos', label: 'Agendamentos', component: SchedulesTab },
  { key: 'canais', label: 'Canais', component: ChannelsTab },
];

export function DunningScreen({ params }: ScreenProps) {
  const active = TABS.find((t) => t.key === params.tab) ?? TABS[0]!;
  const Tab = active.component;
  return (
    <>
      <h1>Régua de cobrança</h1>
      <nav className="tabs" aria-label="Seções da régua">
        {TABS.map((t) => (
          <Link key={t.key} href={`/regua/${t.key}`} aria-current={t.key === active.key ? 'page' : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      <Tab />
    </>
  );
}
