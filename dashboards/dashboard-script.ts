import { alertAckJs } from './alert-ack-script';
import { alertActionsJs } from './alert-actions-script';
import { alertCardJs } from './alert-card-script';
import { alertChartDrawingJs } from './alert-chart-drawing-script';
import { alertChartJs } from './alert-chart-script';
import { alertDeliveriesJs } from './alert-deliveries-script';
import { alertEvidenceJs } from './alert-evidence-script';
import { alertListJs } from './alert-list-script';
import { alertMentionsJs } from './alert-mentions-script';
import { alertPageJs } from './alert-page-script';
import { alertUsualLevelJs } from './alert-usual-level-script';
import { apiClientJs } from './api-client-script';
import { attentionJs } from './attention-script';
import { chartHoursJs } from './chart-hours-script';
import { dashboardBaseJs } from './dashboard-base-script';
import { detectorSettingsJs } from './detector-settings-script';
import { formHelpersJs } from './form-helpers-script';
import { healthPillJs } from './health-pill-script';
import { keepFocusJs } from './keep-focus-script';
import { lexiconOverridesJs } from './lexicon-overrides-script';
import { lineChartJs } from './line-chart-script';
import { localTimeJs } from './local-time-script';
import { mentionListJs } from './mention-list-script';
import { overviewFormsJs } from './overview-forms-script';
import { overviewTopicsJs } from './overview-topics-script';
import { replayPreviewJs } from './replay-preview-script';
import { routerJs } from './router-script';
import { sourceHealthJs } from './source-health-script';
import { sourcesTableJs } from './sources-table-script';
import { topicChartJs } from './topic-chart-script';
import { topicHeadJs } from './topic-head-script';
import { topicPageJs } from './topic-page-script';
import { topicSourcesJs } from './topic-sources-script';
import { valueFormatsJs } from './value-formats-script';
import { webhookActionsJs } from './webhook-actions-script';
import { webhookCreateJs } from './webhook-create-script';
import { webhookEditJs } from './webhook-edit-script';
import { webhookFilterFieldsJs } from './webhook-filter-fields-script';
import { webhooksJs } from './webhooks-script';

/**
 * The dashboard's script, served from /dashboard.js. Plain ES2020 for any current browser, no build:
 * the fragments (the base helpers, local times, value formats, the API client, keeping the keyboard's
 * focus through a rebuild, form helpers, the health pill, line charts, the overview's topics, alert
 * cards with their Acknowledge buttons, alert list, mentions, sources table and forms, deliveries
 * needing attention, webhooks with their row buttons, edit and add forms, the alert page with its
 * actions, deliveries, chart (read, its usual level, drawn), evidence and mentions, the topic page
 * with its head, sources, week chart, lexicon overrides, detector settings and replay preview, and
 * last the router, which starts the page) are concatenated into one function scope. Three views,
 * chosen by the URL's hash: the overview at #/, an alert at #/alerts/:id (the link every alert message
 * carries) and a topic at #/topics/:id.
 *
 * Every value from the API (and mentions are scraped text from anywhere) is inserted with
 * textContent or createTextNode, never innerHTML, and links only ever get http(s) hrefs: a post
 * titled `<img onerror=…>` is shown as those characters. The CSP on the page backs this up.
 * The API key, when the server wants one, lives in sessionStorage: gone when the tab closes.
 */

export const dashboardJs = [
  "'use strict';\n(function () {",
  dashboardBaseJs,
  localTimeJs,
  valueFormatsJs,
  apiClientJs,
  keepFocusJs,
  sourceHealthJs,
  formHelpersJs,
  healthPillJs,
  lineChartJs,
  overviewTopicsJs,
  alertCardJs,
  alertListJs,
  mentionListJs,
  sourcesTableJs,
  alertAckJs,
  overviewFormsJs,
  attentionJs,
  webhooksJs,
  webhookActionsJs,
  webhookEditJs,
  webhookFilterFieldsJs,
  webhookCreateJs,
  alertPageJs,
  alertActionsJs,
  alertDeliveriesJs,
  alertChartJs,
  alertUsualLevelJs,
  alertChartDrawingJs,
  chartHoursJs,
  alertEvidenceJs,
  alertMentionsJs,
  topicPageJs,
  topicHeadJs,
  topicSourcesJs,
  topicChartJs,
  lexiconOverridesJs,
  detectorSettingsJs,
  replayPreviewJs,
  routerJs,
  '})();\n',
].join('\n');
