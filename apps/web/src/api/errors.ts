import { ElMessage } from 'element-plus';
import { i18n } from '@/i18n';
import { ApiError } from './http';

/** The server's message, with its detail when there is one. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.detail ? `${err.message}：${err.detail}` : err.message;
  if (err instanceof Error && err.message) return err.message;
  return i18n.global.t('common.unknownError');
}

/** Shows any failure as an error toast; the one way pages report a failed request. */
export function showError(err: unknown): void {
  ElMessage.error({ message: errorText(err), grouping: true, duration: 5000 });
}
