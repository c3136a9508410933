import type { ComponentType } from 'react';
import { AccountScreen } from '../screens/account/AccountScreen';
import { CampaignScreen } from '../screens/campaigns/CampaignScreen';
import { CampaignsScreen } from '../screens/campaigns/CampaignsScreen';
import { CaseScreen } from '../screens/cases/CaseScreen';
import { CasesScreen } from '../screens/cases/CasesScreen';
import { ClinicsScreen } from '../screens/clinics/ClinicsScreen';
import { PaymentsScreen } from '../screens/payments/PaymentsScreen';
import { ApiKeysScreen } from '../screens/admin/ApiKeysScreen';
import { UsersScreen } from '../screens/admin/UsersScreen';
import { DashboardScreen } from '../screens/dashboard/DashboardScreen';
import { DebtorScreen } from '../screens/dunning/DebtorScreen';
import { DunningScreen } from '../screens/dunning/DunningScreen';
import { EnforcementRunScreen } from '../screens/enforcement/EnforcementRunScreen';
import { EnforcementScreen } from '../screens/enforcement/EnforcementScreen';
import { OpenBillingScreen } from '../screens/open-billing/OpenBillingScreen';
import { QueuesScreen } from '../screens/queues/QueuesScreen';

export interface ScreenProps {
  params: Record<string, string>;
}

export interface ScreenRoute {
  /** `/bloqueios/:id`; the first matching route wins. */
  path: string;
  title: string;
  component: ComponentType<ScreenProps>;
  adminOnly?: boolean;
  /** Shown in the side navigation under this section. */
  nav?: { section: NavSection; label: string };
}

export type NavSection = 'Operação' | 'Cobrança' | 'Plataforma' | 'Administração';

/**
 * Every screen of the console, one folder each under `screens/`. A context that lands adds its screens here
 * (and a folder), e.g. debtor-sync → "Clínicas", debt-escalation → "Casos", billing API → "Campanhas",
 * payments → "Pagamentos", all under the "Cobrança" section.
 */
export const SCREENS: ScreenRoute[] = [
  { path: '/', title: 'Painel', component: DashboardScreen, nav: { section: 'Operação', label: 'Painel' } },
  {
    path: '/em-aberto',
    title: 'Em aberto',
    component: OpenBillingScreen,
    nav: { section: 'Operação', label: 'Em aberto' },
  },
  {
    path: '/bloqueios',
    title: 'Bloqueios',
    component: EnforcementScreen,
    nav: { section: 'Operação', label: 'Bloqueios' },
  },
  { path: '/bloqueios/execucoes/:id', title: 'Execução de bloqueios', component: EnforcementRunScreen },
  {
    path: '/regua',
    title: 'Régua de cobrança',
    component: DunningScreen,
    nav: { section: 'Cobrança', label: 'Régua de cobrança' },
  },
  { path: '/regua/:tab', title: 'Régua de cobrança', component: DunningScreen },
  { path: '/devedores/:id', title: 'Devedor', component: DebtorScreen },
  {
    path: '/clinicas',
    title: 'Clínicas',
    component: ClinicsScreen,
    nav: { section: 'Cobrança', label: 'Clínicas' },
  },
  { path: '/casos', title: 'Casos', component: CasesScreen, nav: { section: 'Cobrança', label: 'Casos' } },
  { path: '/casos/:id', title: 'Caso', component: CaseScreen },
  {
    path: '/campanhas',
    title: 'Campanhas',
    component: CampaignsScreen,
    adminOnly: true,
    nav: { section: 'Cobrança', label: 'Campanhas' },
  },
  { path: '/campanhas/:id', title: 'Campanha', component: CampaignScreen, adminOnly: true },
  {
    path: '/pagamentos',
    title: 'Pagamentos',
    component: PaymentsScreen,
    nav: { section: 'Cobrança', label: 'Pagamentos' },
  },
  {
    path: '/filas',
    title: 'Filas',
    component: QueuesScreen,
    adminOnly: true,
    nav: { section: 'Plataforma', label: 'Filas' },
  },
  {
    path: '/admin/usuarios',
    title: 'Usuários',
    component: UsersScreen,
    adminOnly: true,
    nav: { section: 'Administração', label: 'Usuários' },
  },
  {
    path: '/admin/chaves',
    title: 'Chaves de API',
    component: ApiKeysScreen,
    adminOnly: true,
    nav: { section: 'Administração', label: 'Chaves de API' },
  },
  { path: '/conta', title: 'Minha conta', component: AccountScreen },
];

export const NAV_SECTIONS: NavSection[] = ['Operação', 'Cobrança', 'Plataforma', 'Administração'];
