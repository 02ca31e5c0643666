/**
 * Plain ja/en copy for every ErrorCode (STYLE.md §4.6).
 *
 * Each entry says what happened, the most likely cause, and one next step, in short sentences
 * for a worried non-technical owner. No blame, no stack traces: technical detail goes in the
 * collapsible Details area. The switch is exhaustive, so a new code in shared/errors.ts without
 * copy here fails to compile.
 */
import { assertNever, type ErrorCode } from '../../../shared/errors';
import type { UiLocale } from '../i18n';

export type ErrorCopy = { readonly title: string; readonly body: string; readonly action: string };
export type LocalizedErrorCopy = { readonly [L in UiLocale]: ErrorCopy };

/** Both languages' copy for one code. */
export function errorCopyFor(code: ErrorCode): LocalizedErrorCopy {
  switch (code) {
    case 'auth-failed':
      return {
        ja: {
          title: 'ユーザー名またはパスワードが違います',
          body: 'サーバーが、入力されたユーザー名かパスワードを受け付けませんでした。',
          action:
            'サーバー会社の管理画面で FTP のユーザー名とパスワードを確かめて、もう一度入力してください。',
        },
        en: {
          title: 'The user name or password was not accepted',
          body: 'The server rejected the user name or the password.',
          action:
            'Check the FTP user name and password in your hosting control panel, then enter them again.',
        },
      };
    case 'host-not-found':
      return {
        ja: {
          title: 'サーバーが見つかりません',
          body: '入力されたサーバー名（ホスト名）が見つかりませんでした。つづりが違うか、インターネットにつながっていない可能性があります。',
          action:
            'サーバー会社からのメールや管理画面で、FTP のサーバー名をもう一度確かめてください。',
        },
        en: {
          title: 'The server could not be found',
          body: 'No server answers to this name. The name may be misspelled, or this computer may be offline.',
          action: 'Check the FTP server name in your hosting company’s email or control panel.',
        },
      };
    case 'connection-refused':
      return {
        ja: {
          title: 'サーバーが接続を断りました',
          body: 'サーバーは見つかりましたが、この方法（ポート）での接続を受け付けていません。',
          action:
            '接続方法（FTP / FTPS / SFTP）とポート番号が、サーバー会社の案内と合っているか確かめてください。',
        },
        en: {
          title: 'The server refused the connection',
          body: 'The server exists but does not accept connections this way (on this port).',
          action:
            'Check that the connection type (FTP, FTPS or SFTP) and the port match your host’s instructions.',
        },
      };
    case 'timeout':
      return {
        ja: {
          title: 'サーバーからの返事がありません',
          body: 'しばらく待ちましたが、サーバーが答えませんでした。回線が混んでいるか、サーバーが一時的に止まっている可能性があります。',
          action: '少し待ってから、もう一度試してください。',
        },
        en: {
          title: 'The server did not answer',
          body: 'The server did not reply in time. The connection may be slow, or the server may be briefly unavailable.',
          action: 'Wait a moment, then try again.',
        },
      };
    case 'tls-failed':
      return {
        ja: {
          title: '暗号化した接続を始められませんでした',
          body: 'サーバーとの間で、安全な（暗号化した）接続の準備がうまくいきませんでした。',
          action:
            '接続方法を見直してください。サーバー会社が案内している方式（FTPS など）を選んでから、もう一度試してください。',
        },
        en: {
          title: 'A secure connection could not be set up',
          body: 'Setting up an encrypted connection with the server did not work.',
          action:
            'Check the connection type. Choose the one your host recommends (for example FTPS), then try again.',
        },
      };
    case 'tls-untrusted':
      return {
        ja: {
          title: 'サーバーの証明書を確認できません',
          body: 'サーバーが示した証明書が、信頼できるものか確かめられませんでした。',
          action:
            'サーバー名が、サーバー会社が案内している正式な名前か確かめてください。わからない場合はサーバー会社に問い合わせてください。',
        },
        en: {
          title: 'The server’s certificate could not be verified',
          body: 'The certificate the server showed could not be confirmed as trustworthy.',
          action:
            'Make sure the server name is the official one from your host. If unsure, ask your hosting company.',
        },
      };
    case 'host-key-changed':
      return {
        ja: {
          title: 'サーバーの身元が前回と違います',
          body: '前回接続したときと、サーバーの身元を示す情報（鍵や証明書）が変わっています。安全のため、接続を止めました。',
          action:
            'サーバー会社に、サーバーの移転や設定変更があったか問い合わせてください。確認が取れるまで接続しないでください。',
        },
        en: {
          title: 'The server’s identity has changed',
          body: 'The key or certificate that identifies the server is different from last time. The connection was stopped to keep you safe.',
          action:
            'Ask your hosting company whether the server was moved or changed. Do not connect until they confirm it.',
        },
      };
    case 'too-many-connections':
      return {
        ja: {
          title: '同時に接続できる数を超えました',
          body: 'サーバーが「接続が多すぎる」と答えました。ほかの FTP ソフトが開いたままの可能性があります。',
          action: 'ほかの FTP ソフトを閉じて、少し待ってからもう一度試してください。',
        },
        en: {
          title: 'Too many connections',
          body: 'The server said there are too many connections. Another FTP program may still be open.',
          action: 'Close any other FTP programs, wait a moment, then try again.',
        },
      };
    case 'remote-permission':
      return {
        ja: {
          title: 'サーバー上で操作が許可されていません',
          body: 'サーバーが、このファイルやフォルダーの読み書きを許可しませんでした。サーバー会社が使えなくしたファイルの可能性があります。',
          action:
            'このまま続けられる場合は続けてください。続けられない場合は、サーバー会社の管理画面でファイルの権限を確かめてください。',
        },
        en: {
          title: 'The server did not allow this',
          body: 'The server did not allow reading or writing this file or folder. Your host may have disabled it.',
          action:
            'Continue if you can. If not, check the file permissions in your hosting control panel.',
        },
      };
    case 'remote-not-found':
      return {
        ja: {
          title: 'サーバー上にファイルやフォルダーが見つかりません',
          body: '指定された場所に、ファイルやフォルダーがありませんでした。',
          action: '選んだフォルダーが正しいか確かめて、もう一度試してください。',
        },
        en: {
          title: 'The file or folder is not on the server',
          body: 'Nothing was found at that location on the server.',
          action: 'Check that the chosen folder is right, then try again.',
        },
      };
    case 'disk-full':
      return {
        ja: {
          title: 'サーバーの容量がいっぱいです',
          body: 'サーバーに空きがないため、ファイルを書き込めませんでした。',
          action:
            'サーバー会社の管理画面で使用量を確かめ、不要なファイルやメールを減らしてから、もう一度試してください。',
        },
        en: {
          title: 'The server is full',
          body: 'There is no free space left on the server, so the file could not be written.',
          action:
            'Check your usage in the hosting control panel, free some space (old files or mail), then try again.',
        },
      };
    case 'local-disk-full':
      return {
        ja: {
          title: 'このパソコンの空き容量が足りません',
          body: 'このパソコンのディスクがいっぱいで、ファイルを保存できませんでした。',
          action:
            '不要なファイルを消して空きを作ってから、もう一度試してください。途中まで保存した分はそのまま使えます。',
        },
        en: {
          title: 'This computer is out of space',
          body: 'The disk on this computer is full, so the files could not be saved.',
          action:
            'Free some space on this computer, then try again. What was already saved is kept.',
        },
      };
    case 'connection-lost':
      return {
        ja: {
          title: 'サーバーとの接続が切れました',
          body: '作業の途中で、サーバーとの接続が切れました。',
          action:
            'インターネットの接続を確かめて、もう一度試してください。終わった分は記録されているので、続きから再開します。',
        },
        en: {
          title: 'The connection to the server was lost',
          body: 'The connection to the server dropped while working.',
          action:
            'Check your internet connection and try again. Finished work is recorded, so it continues where it stopped.',
        },
      };
    case 'keychain-unavailable':
      return {
        ja: {
          title: 'パスワードの保管場所が使えません',
          body: 'このパソコンのパスワード保管機能（キーチェーン）に接続できませんでした。パスワードは、アプリを閉じるまでの間だけ覚えておきます。',
          action:
            'このまま続けられます。次回アプリを開いたときは、パスワードをもう一度入力してください。',
        },
        en: {
          title: 'Secure password storage is not available',
          body: 'This computer’s password storage (keychain) could not be reached. The password is kept only until you close the app.',
          action: 'You can continue. Next time you open the app, enter the password again.',
        },
      };
    case 'remote-path-unsafe':
      return {
        ja: {
          title: '危険な名前のファイルがあります',
          body: 'サーバー上に、このパソコンにそのまま保存すると危険な名前のファイルがありました。安全な形で記録し、そのままにはしていません。',
          action: 'そのまま進めてください。詳しくは報告書に記録されます。',
        },
        en: {
          title: 'A file has an unsafe name',
          body: 'The server has a file whose name would be unsafe to save on this computer as it is. It was recorded in a safe form instead.',
          action: 'You can continue. The details are kept for the report.',
        },
      };
    case 'wp-root-not-found':
      return {
        ja: {
          title: 'WordPress が見つかりません',
          body: '選んだフォルダーの中に、WordPress のファイルが見つかりませんでした。',
          action: '別のフォルダー（たとえば public_html）を選んで、もう一度試してください。',
        },
        en: {
          title: 'WordPress was not found',
          body: 'No WordPress files were found in the chosen folder.',
          action: 'Choose another folder (for example public_html), then try again.',
        },
      };
    case 'snapshot-incomplete':
      return {
        ja: {
          title: 'バックアップがまだ終わっていません',
          body: 'すべてのファイルの保存が終わるまで、サーバー上のファイルは変更できません。',
          action: 'バックアップの手順に戻って、保存を最後まで終えてください。',
        },
        en: {
          title: 'The backup is not finished yet',
          body: 'Nothing on the server can be changed until every file has been saved.',
          action: 'Go back to the backup step and let it finish.',
        },
      };
    case 'scan-limit-exceeded':
      return {
        ja: {
          title: '大きすぎて調べきれないファイルがあります',
          body: '一部のファイルが大きすぎる、または数が多すぎるため、最後まで調べられませんでした。',
          action:
            '調べられなかったファイルは「確認が必要」として一覧に出ます。内容を確かめてください。',
        },
        en: {
          title: 'Some files were too large to check',
          body: 'Some files were too large, or there were too many, to check completely.',
          action:
            'Files that could not be checked are listed as “needs review”. Please look at them.',
        },
      };
    case 'offline':
      return {
        ja: {
          title: 'インターネットにつながっていません',
          body: 'この作業にはインターネット接続が必要ですが、つながっていないようです。',
          action: 'インターネットの接続を確かめてから、もう一度試してください。',
        },
        en: {
          title: 'No internet connection',
          body: 'This needs an internet connection, but this computer seems to be offline.',
          action: 'Check your internet connection, then try again.',
        },
      };
    case 'invalid-request':
      return {
        ja: {
          title: 'アプリ内部で問題が起きました',
          body: '画面からアプリ本体への依頼が、正しい形ではありませんでした。サーバー上のファイルは何も変更されていません。',
          action:
            '画面を読み込み直してください。くり返す場合は、詳しい情報を添えてお問い合わせください。',
        },
        en: {
          title: 'Something went wrong inside the app',
          body: 'The window sent the app a request it could not accept. Nothing on your server was changed.',
          action: 'Reload the window. If it happens again, contact support with the details below.',
        },
      };
    case 'forbidden-sender':
      return {
        ja: {
          title: 'この画面からの操作は受け付けられません',
          body: '安全のため、アプリ本体はこの画面からの依頼を断りました。サーバー上のファイルは何も変更されていません。',
          action: 'アプリを閉じて、もう一度開いてください。',
        },
        en: {
          title: 'This window is not allowed to do that',
          body: 'For your safety, the app refused a request from this window. Nothing on your server was changed.',
          action: 'Close the app and open it again.',
        },
      };
    case 'not-implemented':
      return {
        ja: {
          title: 'この機能はまだ使えません',
          body: 'この機能は、このバージョンではまだ用意されていません。',
          action: '今後のバージョンをお待ちください。ほかの手順はそのまま使えます。',
        },
        en: {
          title: 'This is not available yet',
          body: 'This feature is not ready in this version.',
          action: 'It will come in a later version. The other steps still work.',
        },
      };
    case 'cancelled':
      return {
        ja: {
          title: '中止しました',
          body: '作業を中止しました。終わった分は記録されています。',
          action: '続けるときは、もう一度始めてください。続きから再開します。',
        },
        en: {
          title: 'Cancelled',
          body: 'The work was stopped. What was already finished is recorded.',
          action: 'Start it again when you are ready; it continues where it stopped.',
        },
      };
    case 'bridge-disconnected':
      return {
        ja: {
          title: 'アプリ本体とつながっていません',
          body: 'このブラウザーの画面と、パソコンで動いているアプリ本体との接続が切れているか、接続用の鍵のないアドレスで開かれています。',
          action:
            '「npm run web」を実行した画面に表示されたアドレス（#token= で終わるもの）を開き直してください。止めていた場合は、もう一度起動してください。',
        },
        en: {
          title: 'Not connected to the app',
          body: 'This browser window has lost its link to the app running on this computer, or it was opened without the key in its address.',
          action:
            'Open the full address printed by “npm run web” again (it ends with #token=…). If you stopped it, start it again.',
        },
      };
    case 'unexpected':
      return {
        ja: {
          title: '思いがけない問題が起きました',
          body: 'アプリの中で予期しない問題が起きました。',
          action:
            'もう一度試してください。くり返す場合は、詳しい情報を添えてお問い合わせください。',
        },
        en: {
          title: 'An unexpected problem occurred',
          body: 'Something unexpected went wrong inside the app.',
          action: 'Try again. If it happens again, contact support with the details below.',
        },
      };
    default:
      return assertNever(code, 'error code');
  }
}

/** The copy for one code in one language. */
export function errorCopy(code: ErrorCode, locale: UiLocale): ErrorCopy {
  return errorCopyFor(code)[locale];
}
