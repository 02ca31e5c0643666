import { defineNamespace } from './define';

/** The progress bar of long jobs. */
export const progress = defineNamespace({
  ja: {
    label: '進み具合',
    files: '{{done}} / {{total}} ファイル',
    filesUnknownTotal: '{{done}} ファイル',
    bytes: '{{done}} / {{total}}',
    bytesUnknownTotal: '{{done}}',
    eta: '残り約 {{time}}',
    etaUnknown: '残り時間を計算しています…',
    current: '処理中のファイル',
    cancel: '中止する',
    cancelling: '中止しています…',
    status: {
      running: '実行中',
      succeeded: '完了しました',
      failed: 'うまくいきませんでした',
      cancelled: '中止しました',
    },
  },
  en: {
    label: 'Progress',
    files: '{{done}} of {{total}} files',
    filesUnknownTotal: '{{done}} files',
    bytes: '{{done}} of {{total}}',
    bytesUnknownTotal: '{{done}}',
    eta: 'About {{time}} left',
    etaUnknown: 'Working out the time left…',
    current: 'Working on',
    cancel: 'Cancel',
    cancelling: 'Cancelling…',
    status: {
      running: 'Running',
      succeeded: 'Finished',
      failed: 'Did not finish',
      cancelled: 'Cancelled',
    },
  },
});
