import path from 'node:path';
import { defineModule } from '../../modules/module.js';
import {
  FileSinkAdapter,
  HttpSmsAdapter,
  SmtpAdapter,
  type NotificationAdapter,
} from './notifications.adapters.js';
import { NotificationService } from './notifications.service.js';
import { notificationRoutes } from './notifications.routes.js';

/** What other features use: write a message in their transaction, and nudge the sender after it. */
export type NotificationsOffer = Pick<NotificationService, 'enqueue' | 'nudge'>;

declare module '../../modules/module.js' {
  interface Offers {
    notifications: NotificationsOffer;
  }
  interface Services {
    notifications: NotificationService;
  }
}

/**
 * The notification outbox and its sender: SMS through an HTTP gateway (NOTIFY_SMS_URL), e-mail
 * through SMTP (NOTIFY_SMTP_URL), and the file sink DATA_DIR/outbox/messages.jsonl for a channel
 * without either (the default).
 */
export const notificationsModule = defineModule({
  name: 'notifications',
  needs: [],
  create({ db, clock, config, log }) {
    const file = new FileSinkAdapter(path.join(config.dataDir, 'outbox', 'messages.jsonl'), () =>
      clock.now(),
    );
    const adapters: Record<'sms' | 'email', NotificationAdapter> = {
      sms: config.notify.smsUrl ? new HttpSmsAdapter(config.notify.smsUrl, config.notify.smsToken) : file,
      email: config.notify.smtpUrl ? new SmtpAdapter(config.notify.smtpUrl, config.notify.from) : file,
    };
    const notifications = new NotificationService(db, clock, adapters, log);
    return {
      offer: notifications,
      services: { notifications },
      routes: (app) => notificationRoutes(app, { notifications }),
      jobs: [
        {
          name: 'notifications.send',
          role: 'scheduler',
          everyMs: 5_000,
          run: () => notifications.sendDue(),
        },
      ],
    };
  },
});
