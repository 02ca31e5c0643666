import { defineNamespace } from '../../../i18n/define';

/** The Connect step: sign in to the server, confirm its identity, pick the web root. Nothing is changed. */
export const connectStrings = defineNamespace({
  ja: {
    intro:
      'サーバーにつないで、サイトのファイルがある場所を確かめます。この手順では、サーバー上のものは何も変えません。',
    demo: {
      heading: 'デモのサイトを使う',
      body: 'このパソコンの中で動いているデモのサーバー（{{host}}:{{port}}）に接続します。パスワードの入力はいりません。',
      use: 'デモのサイトに接続する',
    },
    savedSites: {
      heading: '保存したサーバー',
      help: '前に保存したサーバーに、保管してあるパスワードでつなぎます。',
      use: 'このサーバーにつなぐ',
      forget: '忘れる（パスワードも消す）',
    },
    form: {
      heading: 'あなたのサーバーの情報',
      preset: 'サーバー会社',
      where: 'どこで調べる？',
      host: 'サーバー名（ホスト名）',
      hostExample: '例: {{example}}',
      protocol: '接続方法',
      port: 'ポート番号',
      user: 'ユーザー名（{{label}}）',
      auth: 'ログインの方法',
      authPassword: 'パスワード',
      authKey: '鍵ファイル（SSHの秘密鍵）',
      password: 'パスワード',
      keyFile: '鍵ファイルを選ぶ',
      keyLoaded:
        '鍵ファイルを読み込みました（{{name}}）。鍵は保存するときにパスワード保管場所に入れ、それ以外には書き出しません。',
      keyUnreadable: 'この鍵ファイルは読み取れませんでした。',
      passphrase: '鍵のパスフレーズ（あれば）',
      secretNote:
        'パスワードや鍵は、このパソコンのパスワード保管場所（キーチェーン）にだけ保存します。ファイルや記録には書きません。',
      test: '接続を確かめる',
      testing: 'サーバーに接続しています…',
    },
    protocols: {
      auto: '自動（暗号化したFTPS・おすすめ）',
      sftp: 'SFTP（SSH）',
      ftps: 'FTPS（明示的）',
      'ftps-implicit': 'FTPS（暗黙的・ポート990）',
      ftp: 'FTP（暗号化なし）',
    },
    plain: {
      heading: 'このサーバーは暗号化に対応していません',
      body: '暗号化しないFTPでは、パスワードとファイルの中身が、途中の回線で読み取られるおそれがあります。',
      advice:
        'できれば、サーバー会社の管理画面でSFTPかFTPSを使えるようにしてください。どうしても必要なときだけ、暗号化なしで続けてください。',
      accept: '危険を理解したうえで、暗号化なしで接続する',
    },
    untrusted: {
      heading: 'サーバーの証明書を確かめてください',
      body: 'このサーバーの証明書は、よく知られた認証機関のものではありません（自己署名など）。なりすましのサーバーでないことを確かめる必要があります。',
      fingerprint: '証明書の指紋（SHA-256）',
      advice:
        'サーバー会社の案内やサポートで、この指紋が正しいことを確かめられる場合だけ、信頼してください。',
      accept: 'この証明書を信頼して接続する',
    },
    changed: {
      heading: 'サーバーの身元が変わった場合',
      body: 'サーバーの引っ越しや証明書の更新で、身元の情報が正しく変わることもあります。サーバー会社に確認が取れたときだけ、新しい身元を記録してください。確認できないときは、先へ進まないでください。',
      fingerprint: '新しい指紋',
      confirm: 'サーバー会社に、この変更が正しいことを確認しました',
      accept: '新しい身元を記録して接続する',
    },
    identity: {
      heading: 'サーバーの身元',
      firstSsh: 'はじめて接続するサーバーです。このサーバーの鍵の指紋は次のとおりです。',
      firstTls: 'はじめて接続するサーバーです。このサーバーの証明書の指紋は次のとおりです。',
      known: '前回と同じサーバーであることを確かめました。',
      none: '暗号化していないため、サーバーの身元は確かめられません。',
      explain:
        'この指紋を覚えておき、次回から違うサーバーにつながったときは、接続を止めてお知らせします。',
      confirm: 'これは私のサーバーです（この指紋を記録する）',
    },
    warnings: {
      'plain-ftp':
        '暗号化していない接続です。作業が終わったら、サーバー会社の管理画面でFTPのパスワードを変えてください。',
      'keychain-unavailable':
        'パスワード保管場所が使えないため、パスワードはアプリを閉じるまでの間だけ覚えておきます。',
      'no-web-root':
        'サイトのファイルがある場所を自動では見つけられませんでした。下の欄に場所を入力してください。',
      'untrusted-certificate-pinned': '確認した指紋の証明書だけを信頼します。',
    },
    roots: {
      heading: 'サイトのファイルがある場所',
      help: '見つかった場所から、直したいサイトを選んでください。',
      wordpress: 'WordPress があります',
      noWordpress: 'WordPress は見つかりませんでした',
      log: 'アクセスログのフォルダ:',
      wpConfigAbove: '一つ上のフォルダに wp-config.php があります（一緒にバックアップします）',
      manual: '場所を直接入力する',
      manualLabel: 'サイトのフォルダ（サーバー上のパス）',
    },
    save: '保存して次へ進む',
    saving: '保存しています…',
    saved: '接続できました。サイトの情報を保存しました。「次へ」で、バックアップに進めます。',
    savedMemory:
      '接続できました。パスワードは、アプリを閉じるまでの間だけ覚えておきます。「次へ」で、バックアップに進めます。',
  },
  en: {
    intro:
      'Connect to your server and find where your site’s files are. Nothing on the server is changed in this step.',
    demo: {
      heading: 'Use the demo site',
      body: 'Connect to the demo server running on this computer ({{host}}:{{port}}). No password is needed.',
      use: 'Connect to the demo site',
    },
    savedSites: {
      heading: 'Saved servers',
      help: 'Connect to a server you saved before, with its stored password.',
      use: 'Connect to this server',
      forget: 'Forget it (and its password)',
    },
    form: {
      heading: 'Your server’s details',
      preset: 'Hosting company',
      where: 'Where do I find this?',
      host: 'Server name (host name)',
      hostExample: 'For example: {{example}}',
      protocol: 'Connection type',
      port: 'Port',
      user: 'User name ({{label}})',
      auth: 'How to sign in',
      authPassword: 'Password',
      authKey: 'Key file (SSH private key)',
      password: 'Password',
      keyFile: 'Choose the key file',
      keyLoaded:
        'Key file loaded ({{name}}). It is stored only in the password store when you save, and written nowhere else.',
      keyUnreadable: 'This key file could not be read.',
      passphrase: 'Key passphrase (if any)',
      secretNote:
        'Passwords and keys are stored only in this computer’s password store (keychain), never in files or logs.',
      test: 'Test the connection',
      testing: 'Connecting to the server…',
    },
    protocols: {
      auto: 'Automatic (encrypted FTPS, recommended)',
      sftp: 'SFTP (SSH)',
      ftps: 'FTPS (explicit)',
      'ftps-implicit': 'FTPS (implicit, port 990)',
      ftp: 'FTP (not encrypted)',
    },
    plain: {
      heading: 'This server does not support encryption',
      body: 'With unencrypted FTP, your password and your files could be read by anyone on the network path.',
      advice:
        'If you can, turn on SFTP or FTPS in your hosting control panel. Continue without encryption only if you must.',
      accept: 'I understand the risk: connect without encryption',
    },
    untrusted: {
      heading: 'Check the server’s certificate',
      body: 'This server’s certificate is not from a well-known authority (it may be self-signed). You need to make sure it is not an impostor.',
      fingerprint: 'Certificate fingerprint (SHA-256)',
      advice:
        'Trust it only if your hosting company’s instructions or support confirm this fingerprint.',
      accept: 'Trust this certificate and connect',
    },
    changed: {
      heading: 'If the server’s identity changed',
      body: 'A server move or a renewed certificate can change the identity for a good reason. Record the new identity only after your hosting company has confirmed the change. If you cannot confirm it, do not continue.',
      fingerprint: 'New fingerprint',
      confirm: 'My hosting company confirmed this change is genuine',
      accept: 'Record the new identity and connect',
    },
    identity: {
      heading: 'The server’s identity',
      firstSsh: 'This is the first connection to this server. Its key fingerprint is:',
      firstTls: 'This is the first connection to this server. Its certificate fingerprint is:',
      known: 'This is the same server as last time.',
      none: 'The connection is not encrypted, so the server’s identity cannot be checked.',
      explain:
        'The app remembers this fingerprint. If a different server answers next time, it stops and tells you.',
      confirm: 'This is my server (remember this fingerprint)',
    },
    warnings: {
      'plain-ftp':
        'This connection is not encrypted. When you are done, change the FTP password in your hosting control panel.',
      'keychain-unavailable':
        'The password store is not available, so the password is kept only until you close the app.',
      'no-web-root':
        'The folder with your site’s files was not found automatically. Enter it below.',
      'untrusted-certificate-pinned':
        'Only the certificate with the fingerprint you confirmed is trusted.',
    },
    roots: {
      heading: 'Where your site’s files are',
      help: 'Choose the site you want to repair.',
      wordpress: 'WordPress found',
      noWordpress: 'No WordPress found',
      log: 'Access log folder:',
      wpConfigAbove: 'wp-config.php is one folder up (it is backed up too)',
      manual: 'Enter the folder myself',
      manualLabel: 'Site folder (path on the server)',
    },
    save: 'Save and continue',
    saving: 'Saving…',
    saved: 'Connected. The site’s details are saved. Press Next to make the backup.',
    savedMemory:
      'Connected. The password is kept only until you close the app. Press Next to make the backup.',
  },
});
