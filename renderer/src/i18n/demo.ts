import { defineNamespace } from './define';

/** The demo screen shown after "Try with a demo site". */
export const demo = defineNamespace({
  ja: {
    title: 'デモのサイト',
    starting: 'デモのサイトを準備しています。少しお待ちください…',
    ready: 'デモのサイトの準備ができました。',
    what: 'これは、このパソコンの中だけで動いている、わざと乗っ取られた状態にした練習用の WordPress サイトです。インターネット上の本物のサイトではありません。実際によくある不正なファイル（裏口になるプログラム、書き換えられたファイル、不正な転送設定など）が入っています。',
    factsHeading: 'デモの中身',
    facts: {
      url: 'FTP の接続先',
      user: 'ユーザー名',
      password: 'パスワード',
      passwordValue: 'このアプリが安全に保管しています（表示しません）',
      files: 'ファイルの数',
      filesValue: '{{files}} 個',
      wordpress: 'WordPress 本体',
      wordpressReal: '本物の WordPress のファイル',
      wordpressCompact: '簡易版の WordPress のファイル',
      wporg: 'WordPress.org の代わり',
    },
    wporgNote:
      'きれいなファイルの取得先として、WordPress.org と同じ形で答えるサーバーもこのパソコンの中で動かしています。',
    continue: '次の手順へ進む',
    continueUnavailable: '次の手順（サーバーへの接続）は、このバージョンではまだ使えません。',
    backToWelcome: '最初の画面に戻る',
  },
  en: {
    title: 'The demo site',
    starting: 'Preparing the demo site. Please wait…',
    ready: 'The demo site is ready.',
    what: 'This is a practice WordPress site that has been hacked on purpose. It runs only on this computer; it is not a real site on the internet. It holds the kinds of harmful files that are really found on hacked sites: hidden back doors, changed files, and bad redirect rules.',
    factsHeading: 'What is inside',
    facts: {
      url: 'FTP address',
      user: 'User name',
      password: 'Password',
      passwordValue: 'Kept safely by this app (not shown)',
      files: 'Number of files',
      filesValue: '{{files}} files',
      wordpress: 'WordPress',
      wordpressReal: 'The real WordPress files',
      wordpressCompact: 'A compact set of WordPress files',
      wporg: 'Stand-in for WordPress.org',
    },
    wporgNote:
      'A server that answers like WordPress.org also runs on this computer, so clean files can be fetched without the internet.',
    continue: 'Continue to the next step',
    continueUnavailable:
      'The next step (connecting to the server) is not available in this version yet.',
    backToWelcome: 'Back to the start',
  },
});
