import { defineNamespace } from './define';

/**
 * The ten steps of DESIGN.md in plain words: a short title for the step list and one sentence
 * for the welcome screen. Keys are the StepIds of the wizard reducer.
 */
export const steps = defineNamespace({
  ja: {
    listLabel: '復旧の手順',
    status: {
      done: '完了',
      current: '今の手順',
      available: 'これから',
      locked: '前の手順のあとで',
      disabled: 'まだ使えません',
    },
    unavailable: {
      title: 'この手順はまだ使えません',
      body: 'この手順は、このバージョンではまだ用意されていません。今後のバージョンで使えるようになります。サーバー上のファイルは何も変更されていません。',
      backToStart: '最初の画面に戻る',
    },
    names: {
      connect: 'サーバーに接続',
      snapshot: 'まるごと保存（バックアップ）',
      scan: '不正なファイルを探す',
      review: '見つかったものを確認',
      decide: '片付け方を決める',
      cleanup: '不正なファイルを消す',
      rebuild: 'きれいなファイルを用意',
      upload: 'サーバーへ戻す',
      harden: '再発を防ぐ設定',
      report: '報告書を作る',
    },
    plain: {
      connect:
        'FTP または SFTP で、あなたのサーバーにつなぎます。パスワードはこのパソコンの安全な保管場所にだけ保存します。',
      snapshot:
        'サイトのファイルを、そのまますべてこのパソコンに保存します。これがバックアップであり、証拠にもなります。',
      scan: '保存したファイルを調べ、不正なファイルや書き換えられたファイルを探します。',
      review: '見つかったものを、わかりやすい言葉で一つずつ説明します。',
      decide: '見つかったものだけを消すか、公開フォルダーを空にして作り直すかを選びます。',
      cleanup: 'サーバー上の不正なファイルを消します。何をしたかはすべて記録します。',
      rebuild:
        'WordPress 本体・プラグイン・テーマを公式の配布元から取り直し、きれいな状態をこのパソコンで組み立てます。',
      upload: 'きれいにしたファイルをサーバーへ戻し、正しく置けたか確かめます。',
      harden: 'パスワードの変更や PHP の設定など、再び乗っ取られないための作業を案内します。',
      report:
        'やったことをまとめたチェックリストを作ります。印刷や PDF 保存ができ、サーバー会社への報告にも使えます。',
    },
  },
  en: {
    listLabel: 'Recovery steps',
    status: {
      done: 'Done',
      current: 'Current step',
      available: 'Up next',
      locked: 'After the earlier steps',
      disabled: 'Not available yet',
    },
    unavailable: {
      title: 'This step is not available yet',
      body: 'This step is not ready in this version. It will come in a later version. Nothing on your server was changed.',
      backToStart: 'Back to the start',
    },
    names: {
      connect: 'Connect to your server',
      snapshot: 'Save a full backup',
      scan: 'Look for harmful files',
      review: 'Review what was found',
      decide: 'Choose how to clean up',
      cleanup: 'Remove harmful files',
      rebuild: 'Prepare clean files',
      upload: 'Put clean files back',
      harden: 'Prevent it happening again',
      report: 'Make a report',
    },
    plain: {
      connect:
        'Connect to your server with FTP or SFTP. Your password is kept only in this computer’s secure storage.',
      snapshot:
        'Copy every file of your site to this computer, exactly as it is. This is your backup and your evidence.',
      scan: 'Check the saved files for harmful or changed files.',
      review: 'Explain each finding in plain words.',
      decide: 'Choose: remove only the harmful files, or empty the web folder and rebuild it.',
      cleanup: 'Remove the harmful files from your server. Every change is recorded.',
      rebuild:
        'Fetch WordPress, plugins and themes again from their official sources and put together a clean copy on this computer.',
      upload: 'Put the clean files back on your server and check that they arrived correctly.',
      harden:
        'Guide you through new passwords, PHP settings and other ways to stop it happening again.',
      report:
        'Make a checklist of everything that was done. You can print it or save it as a PDF, and send it to your host.',
    },
  },
});
