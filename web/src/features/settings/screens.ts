// The settings area's screens, one chunk loaded on first use.
export { ApiKeysPage } from './ApiKeysPage';
export { ChannelsPage } from './ChannelsPage';
export { HoldRulesPage } from './HoldRulesPage';
export { SettingsFirstTab, SettingsLayout } from './SettingsLayout';
export { UsersPage } from './UsersPage';
export { WebhookDeliveriesPage, WebhooksPage } from './WebhooksPage';
