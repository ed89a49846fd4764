import type { HttpOutputPlugin } from '../../output.js';
import { classifyTeams } from './teams.classify.js';
import { TeamsConfigSchema, type TeamsConfig } from './teams.config.js';
import { renderTeams } from './teams.render.js';

/** Microsoft Teams: an Adaptive Card per event through a Workflows webhook (or a MessageCard). */
export const teamsOutput: HttpOutputPlugin<TeamsConfig> = {
  type: 'teams',
  title: 'Microsoft Teams',
  description:
    'An Adaptive Card per event through a Teams Workflows webhook (or a MessageCard for a legacy connector).',
  configSchema: TeamsConfigSchema,
  // The webhook URL carries its SAS signature; custom headers often carry proxy credentials.
  secretFields: ['webhookUrl', 'headers'],
  // One attachment per post; several would make several posts for one delivery.
  maxBatch: 1,
  render: renderTeams,
  classify: classifyTeams,
};
