import { defineNamespace } from './define';

/** The first screen: what happened, what the app will do, how to start. */
export const welcome = defineNamespace({
  ja: {
    title: 'サイトの復旧を始めましょう',
    happened: {
      heading: '何が起きたのか',
      p1: 'レンタルサーバーの会社が、あなたのサイトの中に不正なプログラム（マルウェア）を見つけました。ほかの人に被害が広がらないように、会社はサイトの公開を一時的に止めています。',
      p2: 'これはよくあることで、正しい手順を踏めば元に戻せます。あなたのせいではありません。あわてずに、一つずつ進めましょう。',
    },
    plan: {
      heading: 'このアプリがすること',
      intro: '次の10の手順を、順番にご案内します。難しい操作やコマンド入力は必要ありません。',
    },
    safety: {
      heading: '安全のために',
      p1: '最初に、サイトのファイルをすべてこのパソコンに保存します。保存が終わるまで、サーバー上のファイルは一切変更しません。',
    },
    start: {
      heading: '始め方',
      connect: 'サーバーに接続する',
      connectUnavailable:
        'サーバーへの接続は、このバージョンではまだ使えません。まずはデモで流れを確かめられます。',
      demo: 'デモのサイトで試す',
      demoNote:
        'このパソコンの中に、わざと乗っ取られた状態にした練習用のサイトを作ります。本物のサイトには触れません。',
    },
  },
  en: {
    title: 'Let’s get your site back',
    happened: {
      heading: 'What happened',
      p1: 'Your hosting company found harmful software (malware) inside your site. To stop it from hurting others, they have restricted your site for now.',
      p2: 'This is common, and it can be fixed by following the right steps. It is not your fault. Take it one step at a time.',
    },
    plan: {
      heading: 'What this app will do',
      intro:
        'It guides you through these ten steps, in order. You do not need to type commands or know anything technical.',
    },
    safety: {
      heading: 'Your safety first',
      p1: 'First, every file of your site is copied to this computer. Nothing on your server is changed until that copy is complete.',
    },
    start: {
      heading: 'How to start',
      connect: 'Connect to my server',
      connectUnavailable:
        'Connecting to your server is not available in this version yet. You can try the whole flow with the demo first.',
      demo: 'Try with a demo site',
      demoNote:
        'This creates a practice site on this computer that has been hacked on purpose. Your real site is not touched.',
    },
  },
});
