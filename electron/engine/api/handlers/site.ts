import type { PresetInfo } from '../../../../shared/ipc/channels/site';
import { loadHostPresets } from '../../sites/host-presets';
import {
  forgetSite,
  listSites,
  pinIdentity,
  saveSite,
  testConnection,
} from '../../sites/site-service';
import type { PartialHandlerTable } from '../dispatch';

/** Sites: presets, test connection, saved profiles (secrets only in the keychain), pinning. */
export const siteHandlers: PartialHandlerTable<
  | 'site:presets'
  | 'site:test-connection'
  | 'site:save'
  | 'site:list'
  | 'site:forget'
  | 'site:pin-identity'
> = {
  'site:presets': async () => ({
    presets: loadHostPresets().map((p): PresetInfo => ({
      id: p.id,
      name: p.name,
      panel: p.panel,
      hostExample: p.hostExample,
      userLabel: p.userLabel,
      where: p.where,
      protocols: p.protocols.map((x) => ({
        protocol: x.protocol,
        port: x.port,
        auth: x.auth,
        ...(x.note ? { note: x.note } : {}),
      })),
      hostPatterns: p.hostPatterns,
    })),
  }),
  'site:test-connection': async (req, { services }) => testConnection(services, req),
  'site:save': async (req, { services }) => saveSite(services, req),
  'site:list': async (_req, { services }) => listSites(services),
  'site:forget': async ({ id }, { services }) => forgetSite(services, id),
  'site:pin-identity': async ({ id, identity }, { services }) =>
    pinIdentity(services, id, identity),
};
