import { defineNamespace } from './define';

/** Strings of the app shell: header, navigation, generic buttons, the error panel. */
export const common = defineNamespace({
  ja: {
    appName: 'サイト復旧アシスタント',
    appTagline: '乗っ取られた WordPress サイトを、順番に元へ戻します',
    skipToContent: '本文へ移動',
    language: {
      label: '表示言語',
      ja: '日本語',
      en: 'English',
    },
    browserMode: 'ブラウザーモード（このパソコンの中だけで動いています）',
    loading: '読み込んでいます…',
    nav: {
      back: '戻る',
      next: '次へ',
      nextDisabledNote: 'この手順が終わると「次へ」が押せるようになります。',
    },
    errorPanel: {
      details: '詳しい情報（サポートに伝えるとき用）',
      code: 'エラーコード',
      retry: 'もう一度試す',
      dismiss: '閉じる',
    },
    unexpectedScreen: {
      title: '画面の表示中に問題が起きました',
      body: '画面を読み込み直してください。ここまでに終わった作業は、そのまま残っています。',
      reload: '画面を読み込み直す',
    },
  },
  en: {
    appName: 'Site Rescue',
    appTagline: 'Bring a hacked WordPress site back, one step at a time',
    skipToContent: 'Skip to main content',
    language: {
      label: 'Language',
      ja: '日本語',
      en: 'English',
    },
    browserMode: 'Browser mode (running only on this computer)',
    loading: 'Loading…',
    nav: {
      back: 'Back',
      next: 'Next',
      nextDisabledNote: '“Next” becomes available when this step is finished.',
    },
    errorPanel: {
      details: 'Details (for support)',
      code: 'Error code',
      retry: 'Try again',
      dismiss: 'Close',
    },
    unexpectedScreen: {
      title: 'Something went wrong while showing this screen',
      body: 'Reload the screen. The work already done is kept.',
      reload: 'Reload the screen',
    },
  },
});
