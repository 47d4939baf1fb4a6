import { ApiError } from '@/api/http';
import { i18n } from '@/i18n';

/** The server's message with its detail (the desk's version lives with Element Plus, which the phone does without). */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.detail ? `${err.message}：${err.detail}` : err.message;
  if (err instanceof Error && err.message) return err.message;
  return i18n.global.t('common.unknownError');
}
