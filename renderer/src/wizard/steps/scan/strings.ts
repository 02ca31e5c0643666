import { defineNamespace } from '../../../i18n/define';

/** The Scan step: checks every file of the backup; nothing on the server is changed. */
export const scanStrings = defineNamespace({
  ja: {
    intro: 'バックアップしたすべてのファイルを調べます。WordPress の公式ファイルと照合し、不正なプログラムや書き換えを探します。サーバー上のファイルには何もしません。',
    noCase: '先にバックアップの手順を終えてください。検査はバックアップのコピーに対して行います。',
    hostList: {
      heading: 'サーバー会社からのファイル一覧（あれば）',
      help: 'サーバー会社のメールに不正なファイルの一覧が添付されていたら、ここに貼り付けるか、ファイルを選んでください。一覧のファイルはすべて「サーバー会社が報告したファイル」として扱います。',
      label: '一覧の内容',
      choose: '一覧のファイルを選ぶ',
      loaded: '{{lines}} 行を読み込みました。',
      unreadable: 'このファイルは読み取れませんでした。テキストファイルを選んでください。',
      demo: 'デモのお知らせメールの一覧を使う',
    },
    offline: {
      label: 'インターネットを使わずに検査する',
      help: 'この場合、wordpress.org の公式ファイルとの照合はできません。ファイルの中身の検査は行います。',
    },
    start: '検査を始める',
    again: 'もう一度検査する',
    progressLabel: 'ファイルを検査しています',
    phase: {
      listing: 'ファイルの一覧を作っています',
      integrity: 'WordPress の公式ファイルと照合しています',
      vulnerabilities: '既知の脆弱性を調べています',
      content: 'ファイルの中身を調べています',
      done: '仕上げています',
    },
    done: {
      heading: '検査が終わりました',
      serious_one: '対応が必要なものが {{count}} 件見つかりました。',
      serious_other: '対応が必要なものが {{count}} 件見つかりました。',
      none: '対応が必要なものは見つかりませんでした。',
      facts: '{{files}} 個のファイル（{{bytes}}）を調べ、そのうち {{verified}} 個は公式のファイルと一致しました。',
      next: '次の画面で、見つかったものをわかりやすく分けて説明します。まだ何も削除していません。',
    },
    cancelled: '検査を中止しました。もう一度始められます。',
  },
  en: {
    intro: 'We check every file of the backup: against the official WordPress files, and for malicious code or changes. Nothing on the server is touched.',
    noCase: 'Finish the backup step first. The scan works on the copy in the backup.',
    hostList: {
      heading: 'The list of files from your host (if you have one)',
      help: 'If the mail from your hosting company had a list of malicious files attached, paste it here or choose the file. Every file on the list is treated as "reported by your host".',
      label: 'Contents of the list',
      choose: 'Choose the list file',
      loaded: 'Read {{lines}} lines.',
      unreadable: 'This file could not be read. Please choose a text file.',
      demo: 'Use the list from the demo’s notice',
    },
    offline: {
      label: 'Scan without using the internet',
      help: 'Files then cannot be checked against the official copies on wordpress.org. Their contents are still checked.',
    },
    start: 'Start the scan',
    again: 'Scan again',
    progressLabel: 'Checking the files',
    phase: {
      listing: 'Listing the files',
      integrity: 'Comparing with the official WordPress files',
      vulnerabilities: 'Looking up known security holes',
      content: 'Reading the contents of the files',
      done: 'Finishing',
    },
    done: {
      heading: 'The scan is finished',
      serious_one: 'We found {{count}} thing that needs action.',
      serious_other: 'We found {{count}} things that need action.',
      none: 'We found nothing that needs action.',
      facts: 'Checked {{files}} files ({{bytes}}); {{verified}} of them matched the official files.',
      next: 'The next screen explains what was found, in groups. Nothing has been deleted.',
    },
    cancelled: 'The scan was cancelled. You can start it again.',
  },
});
