/**
 * A plausible test delivery per provider for `hookscope send` when no body is given: the payload shape
 * and the event headers the provider sends beside its signature (GitHub's X-GitHub-Event, ...), so the
 * app under test routes it like a real one.
 */
import { randomUUID } from 'node:crypto';
import type { HeaderPair } from '../../shared/api.js';

export interface Sample {
  contentType: string;
  body: string;
  headers: HeaderPair[];
}

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

function json(value: unknown, headers: HeaderPair[] = []): Sample {
  return { contentType: JSON_TYPE, body: JSON.stringify(value), headers };
}

export function sampleFor(provider: string, now = new Date()): Sample {
  const seconds = Math.floor(now.getTime() / 1000);
  const iso = now.toISOString();
  const id = randomUUID();
  switch (provider) {
    case 'stripe':
      return json({
        id: `evt_hookscope_${id.slice(0, 8)}`,
        object: 'event',
        api_version: '2024-06-20',
        created: seconds,
        type: 'payment_intent.succeeded',
        livemode: false,
        data: { object: { id: 'pi_hookscope_test', object: 'payment_intent', amount: 2000, currency: 'usd', status: 'succeeded' } },
      });
    case 'github':
      return json({ zen: 'Keep it logically awesome.', hook_id: 1, hook: { type: 'Repository', events: ['push'] } }, [
        ['X-GitHub-Event', 'ping'],
        ['X-GitHub-Delivery', id],
        ['User-Agent', 'GitHub-Hookshot/hookscope'],
      ]);
    case 'gitlab':
      return json({ object_kind: 'push', event_name: 'push', ref: 'refs/heads/main', project: { name: 'hookscope-test' } }, [['X-Gitlab-Event', 'Push Hook']]);
    case 'slack':
      return json({ token: 'deprecated', team_id: 'T0000000', type: 'event_callback', event_id: `Ev${id.slice(0, 8)}`, event_time: seconds, event: { type: 'app_mention', text: 'hello from hookscope' } });
    case 'shopify':
      return json({ id: 820982911946154500, email: 'jon@example.com', total_price: '10.00', currency: 'USD' }, [
        ['X-Shopify-Topic', 'orders/create'],
        ['X-Shopify-Shop-Domain', 'hookscope-test.myshopify.com'],
        ['X-Shopify-Webhook-Id', id],
      ]);
    case 'twilio':
    case 'signalwire':
      return {
        contentType: FORM_TYPE,
        body: new URLSearchParams({
          AccountSid: 'AC00000000000000000000000000000000',
          MessageSid: 'SM00000000000000000000000000000000',
          From: '+15005550006',
          To: '+15005550001',
          Body: 'Hello from hookscope',
          NumMedia: '0',
        }).toString(),
        headers: [],
      };
    case 'square':
      return json({ merchant_id: 'MLHOOKSCOPE', type: 'payment.updated', event_id: id, created_at: iso, data: { type: 'payment', id: 'hookscope' } });
    case 'standard-webhooks':
      return json({ type: 'user.created', timestamp: iso, data: { id: 'user_hookscope', email: 'test@example.com' } });
    case 'paddle':
      return json({ event_id: `evt_${id.replace(/-/g, '').slice(0, 26)}`, event_type: 'transaction.completed', occurred_at: iso, data: { id: 'txn_hookscope' } });
    case 'zoom':
      return json({ event: 'meeting.started', event_ts: now.getTime(), payload: { account_id: 'hookscope', object: { id: '1234567890', topic: 'hookscope test' } } });
    case 'linear':
      return json({ action: 'create', type: 'Issue', createdAt: iso, webhookTimestamp: now.getTime(), data: { id, title: 'hookscope test' } }, [['Linear-Event', 'Issue'], ['Linear-Delivery', id]]);
    case 'meta':
      return json({ object: 'page', entry: [{ id: '0', time: seconds, changes: [{ field: 'feed', value: { message: 'hookscope test' } }] }] });
    case 'intercom':
      return json({ type: 'notification_event', topic: 'ping', id: `notif_${id}`, created_at: seconds, data: { item: { type: 'ping', message: 'hookscope test' } } });
    case 'hubspot':
      return json([{ eventId: 1, subscriptionType: 'contact.creation', objectId: 123, occurredAt: now.getTime() }]);
    case 'typeform':
      return json({ event_id: id, event_type: 'form_response', form_response: { form_id: 'hookscope', submitted_at: iso, answers: [] } });
    case 'trello':
      return json({ action: { type: 'updateCard', date: iso }, model: { id: 'hookscope', name: 'hookscope test board' } });
    case 'calendly':
      return json({ event: 'invitee.created', created_at: iso, payload: { email: 'test@example.com', name: 'hookscope test' } });
    case 'pagerduty':
      return json({ event: { id, event_type: 'incident.triggered', resource_type: 'incident', occurred_at: iso, data: { id: 'PHOOKSC', title: 'hookscope test' } } });
    case 'sentry':
      return json({ action: 'created', installation: { uuid: id }, data: { issue: { id: '1', title: 'hookscope test' } } }, [['Sentry-Hook-Resource', 'issue']]);
    case 'twitch':
      return json({ subscription: { id, type: 'channel.follow', version: '2', status: 'enabled', created_at: iso }, event: { user_name: 'hookscope', followed_at: iso } }, [
        ['Twitch-Eventsub-Subscription-Type', 'channel.follow'],
        ['Twitch-Eventsub-Subscription-Version', '2'],
      ]);
    case 'lemonsqueezy':
      return json({ meta: { event_name: 'order_created', custom_data: {} }, data: { type: 'orders', id: '1', attributes: { status: 'paid' } } }, [['X-Event-Name', 'order_created']]);
    case 'mailgun':
      return json({ 'event-data': { event: 'delivered', id, timestamp: seconds, recipient: 'test@example.com' } });
    case 'discord':
      return json({ id, type: 1, application_id: '0', token: 'hookscope-test', version: 1 });
    case 'sendgrid':
      return json([{ email: 'test@example.com', timestamp: seconds, event: 'delivered', sg_event_id: id, sg_message_id: 'hookscope' }]);
    default:
      return json({ hookscope: 'test delivery', provider, id, sentAt: iso });
  }
}
