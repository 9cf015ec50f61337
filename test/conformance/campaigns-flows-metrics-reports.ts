/** A typical call of every campaigns, flows, metrics and reporting operation, for the conformance test. */
import type { Klaviyo } from '../../src/index.js';

const timeframe = { start: new Date('2025-01-01T00:00:00Z'), end: new Date('2025-03-31T00:00:00Z') };

export const calls: Record<string, (k: Klaviyo) => Promise<unknown>> = {
  // campaigns
  get_campaigns: (k) =>
    k.campaigns.list({ channel: 'email', filter: { status: { equals: 'Draft' } }, include: ['tags'], sort: '-created_at' }),
  create_campaign: (k) =>
    k.campaigns.create({
      name: 'Spring sale',
      audiences: { included: ['Y6nRLr'], excluded: [] },
      send_strategy: { method: 'static', datetime: '2025-04-01T09:00:00Z' },
      messages: [
        {
          channel: 'email',
          label: 'Spring sale',
          content: { subject: 'Spring is here', from_email: 'shop@example.com', from_label: 'Shop' },
        },
        { channel: 'sms', content: { body: 'Spring is here' }, render_options: { shorten_links: true } },
      ],
    }),
  get_campaign: (k) => k.campaigns.get('abc123', { include: ['campaign-messages'] }),
  update_campaign: (k) => k.campaigns.update('abc123', { name: 'Spring sale (final)' }),
  delete_campaign: (k) => k.campaigns.delete('abc123'),
  create_campaign_clone: (k) => k.campaigns.clone('abc123', { name: 'Spring sale copy' }),
  assign_template_to_campaign_message: (k) => k.campaigns.assignTemplate('msg123', 'tpl123'),
  send_campaign: (k) => k.campaigns.send('abc123'),
  get_campaign_send_job: (k) => k.campaigns.getSendJob('abc123'),
  cancel_campaign_send: (k) => k.campaigns.cancelSend('abc123'),
  refresh_campaign_recipient_estimation: (k) => k.campaigns.estimateRecipients('abc123'),
  get_campaign_recipient_estimation_job: (k) => k.campaigns.recipientEstimationJob('abc123'),
  get_campaign_recipient_estimation: (k) => k.campaigns.recipientEstimation('abc123'),
  get_message_ids_for_campaign: (k) => k.campaigns.messageIds('abc123'),
  get_tags_for_campaign: (k) => k.campaigns.tags('abc123'),
  get_tag_ids_for_campaign: (k) => k.campaigns.tagIds('abc123'),
  get_messages_for_campaign: (k) => k.campaigns.messages.list('abc123', { include: ['template'] }),
  get_campaign_message: (k) => k.campaigns.messages.get('msg123', { include: ['campaign'] }),
  update_campaign_message: (k) =>
    k.campaigns.messages.update('msg123', { channel: 'email', label: 'Variant A', content: { subject: 'Last chance' } }),
  get_campaign_for_campaign_message: (k) => k.campaigns.messages.campaign('msg123'),
  get_campaign_id_for_campaign_message: (k) => k.campaigns.messages.campaignId('msg123'),
  get_template_for_campaign_message: (k) => k.campaigns.messages.template('msg123'),
  get_template_id_for_campaign_message: (k) => k.campaigns.messages.templateId('msg123'),

  // flows
  get_flows: (k) => k.flows.list({ filter: { status: { equals: 'live' } }, pageSize: 50 }),
  get_flow: (k) => k.flows.get('abc123', { include: ['flow-actions'] }),
  update_flow: (k) => k.flows.updateStatus('abc123', 'live'),
  delete_flow: (k) => k.flows.delete('abc123'),
  get_action_ids_for_flow: (k) => k.flows.actionIds('abc123'),
  get_tags_for_flow: (k) => k.flows.tags('abc123'),
  get_tag_ids_for_flow: (k) => k.flows.tagIds('abc123'),
  get_actions_for_flow: (k) => k.flows.actions.list('abc123', { filter: { action_type: { equals: 'SEND_EMAIL' } } }),
  get_flow_action: (k) => k.flows.actions.get('act123', { include: ['flow'] }),
  get_flow_for_flow_action: (k) => k.flows.actions.flow('act123'),
  get_flow_id_for_flow_action: (k) => k.flows.actions.flowId('act123'),
  get_message_ids_for_flow_action: (k) => k.flows.actions.messageIds('act123'),
  get_flow_action_messages: (k) => k.flows.actions.messages('act123', { pageSize: 10 }),
  get_flow_message: (k) => k.flows.messages.get('fm123', { include: ['template'] }),
  get_action_for_flow_message: (k) => k.flows.messages.action('fm123'),
  get_action_id_for_flow_message: (k) => k.flows.messages.actionId('fm123'),
  get_template_for_flow_message: (k) => k.flows.messages.template('fm123'),
  get_template_id_for_flow_message: (k) => k.flows.messages.templateId('fm123'),

  // metrics
  get_metrics: (k) => k.metrics.list({ filter: { 'integration.name': { equals: 'Shopify' } } }),
  get_metric: (k) => k.metrics.get('met123'),
  query_metric_aggregates: (k) =>
    k.metrics.aggregate({
      metricId: 'met123',
      measurements: ['count', 'sum_value'],
      start: new Date('2025-01-01T00:00:00Z'),
      end: new Date('2025-02-01T00:00:00Z'),
      interval: 'week',
      by: ['$message'],
      timezone: 'America/New_York',
    }),
  get_flows_triggered_by_metric: (k) => k.metrics.flowTriggers('met123'),
  get_ids_for_flows_triggered_by_metric: (k) => k.metrics.flowTriggerIds('met123'),
  get_property_ids_for_metric: (k) => k.metrics.propertyIds('met123'),
  get_properties_for_metric: (k) => k.metrics.properties.list('met123'),
  get_metric_property: (k) => k.metrics.properties.get('prop123', { include: ['metric'] }),
  get_metric_for_metric_property: (k) => k.metrics.properties.metric('prop123'),
  get_metric_id_for_metric_property: (k) => k.metrics.properties.metricId('prop123'),

  // reports
  query_campaign_values: (k) =>
    k.reports.campaignValues({
      statistics: ['recipients', 'open_rate', 'click_rate', 'conversion_value'],
      timeframe: { key: 'last_30_days' },
      conversionMetricId: 'met123',
      filter: { send_channel: { equals: 'email' } },
    }),
  query_flow_values: (k) =>
    k.reports.flowValues({
      statistics: ['recipients', 'open_rate'],
      timeframe,
      conversionMetricId: 'met123',
      filter: { flow_id: { equals: 'abc123' } },
    }),
  query_flow_series: (k) =>
    k.reports.flowSeries({
      statistics: ['opens'],
      timeframe: { key: 'last_7_days' },
      interval: 'daily',
      conversionMetricId: 'met123',
    }),
  query_segment_values: (k) =>
    k.reports.segmentValues({ statistics: ['total_members'], timeframe, filter: { segment_id: { any: ['seg1', 'seg2'] } } }),
  query_segment_series: (k) =>
    k.reports.segmentSeries({
      statistics: ['members_added', 'members_removed'],
      timeframe: { key: 'last_30_days' },
      interval: 'weekly',
    }),
};
