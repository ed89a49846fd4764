import type { HttpOutputPlugin } from '../../output.js';
import { classifyAlertmanager } from './alertmanager.classify.js';
import {
  AlertmanagerConfigSchema,
  perHost,
  type AlertmanagerConfig,
} from './alertmanager.config.js';
import { renderAlerts } from './alertmanager.render.js';

/**
 * Prometheus Alertmanager API v2. Several hosts (an HA cluster) each get every alert: `targets`
 * gives one configuration per host; an attempt succeeds when every host accepted, and a retry
 * re-posts to all of them, which Alertmanager absorbs (an alert with the same labels is updated,
 * not duplicated).
 */
export const alertmanagerOutput: HttpOutputPlugin<AlertmanagerConfig> = {
  type: 'alertmanager',
  title: 'Alertmanager',
  description:
    'Prometheus Alertmanager API v2: an alert per event, to every host of an HA cluster.',
  configSchema: AlertmanagerConfigSchema,
  // Custom headers often carry proxy credentials (basic auth in front of Alertmanager).
  secretFields: ['headers'],
  // Alertmanager takes arrays; 100 alerts stay well under any proxy's body limit.
  maxBatch: 100,
  render: renderAlerts,
  classify: classifyAlertmanager,
  targets: perHost,
};
