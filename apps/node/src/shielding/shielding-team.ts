import type { NodeSettings } from '../config/node-settings';
import type { ShieldingTeamContact } from '../record-store/shielded-view';

/** Who a practitioner contacts about a shielded child: this LA's shielding team, from the settings. */
export function shieldingTeamOf(
  settings: Pick<NodeSettings, 'SHIELDING_TEAM_NAME' | 'SHIELDING_TEAM_TELEPHONE' | 'SHIELDING_TEAM_EMAIL'>,
): ShieldingTeamContact {
  return {
    name: settings.SHIELDING_TEAM_NAME,
    telephone: settings.SHIELDING_TEAM_TELEPHONE,
    email: settings.SHIELDING_TEAM_EMAIL,
  };
}
