/**
 * Small, realistic third-party plugins for the demo site, written for this project.
 *
 * - `contact-form-lite` and `simple-seo-meta` are "on wordpress.org": the stand-in serves their
 *   info, checksums and zips. The demo runs contact-form-lite 2.3.0, whose upload handler trusts
 *   the client's file name (the vulnerability feed stand-in lists it, fixed in 2.3.1).
 * - `easy-share-buttons` was "closed" on wordpress.org (plugin info answers `closed: true`).
 * - `pro-gallery-suite` is a premium plugin sold elsewhere: wordpress.org knows nothing about it,
 *   so its files cannot be verified.
 *
 * Every PHP file here passes `php -l`; nothing here is malicious.
 */

export type DemoPluginRelease = {
  readonly slug: string;
  readonly name: string;
  readonly version: string;
  /** 'YYYY-MM-DD' */
  readonly released: string;
  readonly files: readonly { readonly path: string; readonly text: string }[];
};

export type DemoPluginListing = {
  readonly slug: string;
  readonly name: string;
  readonly author: string;
  readonly shortDescription: string;
  readonly requires: string;
  readonly tested: string;
  readonly requiresPhp: string;
  readonly activeInstalls: number;
  readonly added: string;
  /** Newest first; the first is the stable tag. */
  readonly releases: readonly DemoPluginRelease[];
  /** Set for plugins wordpress.org has closed. */
  readonly closed?: { readonly date: string; readonly reason: string; readonly reasonText: string };
  /** False for plugins that are not hosted on wordpress.org at all. */
  readonly onWordPressOrg: boolean;
};

const SILENCE = '<?php\n// Silence is golden.\n';

const SSM_CHANGELOG: readonly { version: string; note: string }[] = [
  { version: '1.8.2', note: 'Tested with WordPress 6.6.' },
  { version: '1.8.1', note: 'Fix: escaping of the page title.' },
];

const CFL_CHANGELOG: readonly { version: string; note: string }[] = [
  { version: '2.4.1', note: 'Fix: translations were not loaded on some hosts.' },
  { version: '2.4.0', note: 'New: PDF attachments.' },
  {
    version: '2.3.1',
    note: 'Security: attachments are checked by content and extension, and the upload requires a nonce.',
  },
  { version: '2.3.0', note: 'New: keep the original attachment file name.' },
];

/** Compares dotted numeric versions (enough for the demo's own version strings). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

function contactFormLite(version: string, released: string): DemoPluginRelease {
  const patched = version !== '2.3.0';
  const uploadCheck = patched
    ? `\t\t$check = wp_check_filetype_and_ext( $file['tmp_name'], $file['name'], self::allowed_mimes() );
\t\tif ( empty( $check['ext'] ) || empty( $check['type'] ) ) {
\t\t\twp_send_json_error( array( 'message' => __( 'This file type is not allowed.', 'contact-form-lite' ) ), 415 );
\t\t}
\t\t$name = sanitize_file_name( wp_basename( $file['name'] ) );`
    : `\t\t// Keep the visitor's file name so the attachment reads well in the notification mail.
\t\t$name = wp_basename( $file['name'] );`;
  const nonceCheck = patched ? "\t\tcheck_ajax_referer( 'cfl_upload', 'nonce' );\n" : '';
  return {
    slug: 'contact-form-lite',
    name: 'Contact Form Lite',
    version,
    released,
    files: [
      {
        path: 'contact-form-lite.php',
        text: `<?php
/**
 * Plugin Name:       Contact Form Lite
 * Plugin URI:        https://wordpress.org/plugins/contact-form-lite/
 * Description:       A lightweight contact form with file attachments. Use the [contact_form_lite] shortcode.
 * Version:           ${version}
 * Requires at least: 5.6
 * Requires PHP:      7.2
 * Author:            Lite Forms Team
 * License:           GPL v2 or later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       contact-form-lite
 * Domain Path:       /languages
 */

if ( ! defined( 'ABSPATH' ) ) {
\texit;
}

define( 'CFL_VERSION', '${version}' );
define( 'CFL_PLUGIN_DIR', plugin_dir_path( __FILE__ ) );
define( 'CFL_PLUGIN_URL', plugin_dir_url( __FILE__ ) );

require_once CFL_PLUGIN_DIR . 'includes/class-cfl-form.php';
require_once CFL_PLUGIN_DIR . 'includes/class-cfl-mailer.php';
require_once CFL_PLUGIN_DIR . 'includes/class-cfl-upload.php';

add_action( 'plugins_loaded', array( 'CFL_Form', 'init' ) );
add_action( 'wp_ajax_cfl_upload', array( 'CFL_Upload', 'handle' ) );
add_action( 'wp_ajax_nopriv_cfl_upload', array( 'CFL_Upload', 'handle' ) );

function cfl_load_textdomain() {
\tload_plugin_textdomain( 'contact-form-lite', false, dirname( plugin_basename( __FILE__ ) ) . '/languages' );
}
add_action( 'init', 'cfl_load_textdomain' );
`,
      },
      {
        path: 'includes/class-cfl-form.php',
        text: `<?php
/**
 * Renders the form and validates submissions.
 *
 * @package ContactFormLite
 */

if ( ! defined( 'ABSPATH' ) ) {
\texit;
}

class CFL_Form {

\tpublic static function init() {
\t\tadd_shortcode( 'contact_form_lite', array( __CLASS__, 'render' ) );
\t\tadd_action( 'wp_enqueue_scripts', array( __CLASS__, 'assets' ) );
\t\tadd_action( 'admin_post_nopriv_cfl_submit', array( __CLASS__, 'submit' ) );
\t\tadd_action( 'admin_post_cfl_submit', array( __CLASS__, 'submit' ) );
\t}

\tpublic static function assets() {
\t\twp_enqueue_style( 'cfl', CFL_PLUGIN_URL . 'assets/css/cfl.css', array(), CFL_VERSION );
\t\twp_enqueue_script( 'cfl', CFL_PLUGIN_URL . 'assets/js/cfl.js', array(), CFL_VERSION, true );
\t\twp_localize_script(
\t\t\t'cfl',
\t\t\t'cflSettings',
\t\t\tarray(
\t\t\t\t'ajaxUrl' => admin_url( 'admin-ajax.php' ),
\t\t\t\t'nonce'   => wp_create_nonce( 'cfl_upload' ),
\t\t\t)
\t\t);
\t}

\tpublic static function render( $atts ) {
\t\t$atts = shortcode_atts( array( 'title' => __( 'Contact us', 'contact-form-lite' ) ), $atts, 'contact_form_lite' );
\t\tob_start();
\t\t?>
\t\t<form class="cfl-form" method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>">
\t\t\t<h3><?php echo esc_html( $atts['title'] ); ?></h3>
\t\t\t<input type="hidden" name="action" value="cfl_submit" />
\t\t\t<?php wp_nonce_field( 'cfl_submit', 'cfl_nonce' ); ?>
\t\t\t<p><label><?php esc_html_e( 'Name', 'contact-form-lite' ); ?> <input type="text" name="cfl_name" required /></label></p>
\t\t\t<p><label><?php esc_html_e( 'Email', 'contact-form-lite' ); ?> <input type="email" name="cfl_email" required /></label></p>
\t\t\t<p><label><?php esc_html_e( 'Message', 'contact-form-lite' ); ?> <textarea name="cfl_message" rows="6" required></textarea></label></p>
\t\t\t<p><label><?php esc_html_e( 'Attachment', 'contact-form-lite' ); ?> <input type="file" class="cfl-file" /></label></p>
\t\t\t<p><button type="submit"><?php esc_html_e( 'Send', 'contact-form-lite' ); ?></button></p>
\t\t</form>
\t\t<?php
\t\treturn ob_get_clean();
\t}

\tpublic static function submit() {
\t\tif ( ! isset( $_POST['cfl_nonce'] ) || ! wp_verify_nonce( sanitize_key( $_POST['cfl_nonce'] ), 'cfl_submit' ) ) {
\t\t\twp_die( esc_html__( 'The form expired. Please reload the page.', 'contact-form-lite' ), 403 );
\t\t}
\t\t$data = array(
\t\t\t'name'    => isset( $_POST['cfl_name'] ) ? sanitize_text_field( wp_unslash( $_POST['cfl_name'] ) ) : '',
\t\t\t'email'   => isset( $_POST['cfl_email'] ) ? sanitize_email( wp_unslash( $_POST['cfl_email'] ) ) : '',
\t\t\t'message' => isset( $_POST['cfl_message'] ) ? sanitize_textarea_field( wp_unslash( $_POST['cfl_message'] ) ) : '',
\t\t);
\t\tCFL_Mailer::send( $data );
\t\twp_safe_redirect( add_query_arg( 'cfl', 'sent', wp_get_referer() ) );
\t\texit;
\t}
}
`,
      },
      {
        path: 'includes/class-cfl-mailer.php',
        text: `<?php
/**
 * Sends the notification mail.
 *
 * @package ContactFormLite
 */

if ( ! defined( 'ABSPATH' ) ) {
\texit;
}

class CFL_Mailer {

\tpublic static function send( array $data ) {
\t\t$to      = get_option( 'admin_email' );
\t\t/* translators: %s: sender name */
\t\t$subject = sprintf( __( 'New message from %s', 'contact-form-lite' ), $data['name'] );
\t\t$headers = array( 'Reply-To: ' . $data['name'] . ' <' . $data['email'] . '>' );
\t\treturn wp_mail( $to, $subject, $data['message'], $headers );
\t}
}
`,
      },
      {
        path: 'includes/class-cfl-upload.php',
        text: `<?php
/**
 * Ajax upload of form attachments into wp-content/uploads/cfl/.
 *
 * @package ContactFormLite
 */

if ( ! defined( 'ABSPATH' ) ) {
\texit;
}

class CFL_Upload {

\tpublic static function allowed_mimes() {
\t\treturn array(
\t\t\t'jpg|jpeg' => 'image/jpeg',
\t\t\t'png'      => 'image/png',
\t\t\t'pdf'      => 'application/pdf',
\t\t);
\t}

\tpublic static function handle() {
${nonceCheck}\t\tif ( empty( $_FILES['cfl_file'] ) || ! is_array( $_FILES['cfl_file'] ) ) {
\t\t\twp_send_json_error( array( 'message' => __( 'No file received.', 'contact-form-lite' ) ), 400 );
\t\t}
\t\t$file = $_FILES['cfl_file'];
${uploadCheck}
\t\t$dir  = wp_upload_dir();
\t\t$dest = trailingslashit( $dir['path'] ) . $name;
\t\tif ( ! move_uploaded_file( $file['tmp_name'], $dest ) ) {
\t\t\twp_send_json_error( array( 'message' => __( 'The file could not be saved.', 'contact-form-lite' ) ), 500 );
\t\t}
\t\twp_send_json_success( array( 'url' => trailingslashit( $dir['url'] ) . $name ) );
\t}
}
`,
      },
      {
        path: 'assets/css/cfl.css',
        text: '.cfl-form {\n\tmax-width: 640px;\n}\n\n.cfl-form label {\n\tdisplay: block;\n\tfont-weight: 600;\n}\n\n.cfl-form input,\n.cfl-form textarea {\n\twidth: 100%;\n\tbox-sizing: border-box;\n}\n',
      },
      {
        path: 'assets/js/cfl.js',
        text: `/* Contact Form Lite ${version} */
(function () {
\t'use strict';
\tdocument.addEventListener('change', function (event) {
\t\tvar input = event.target;
\t\tif (!input.classList || !input.classList.contains('cfl-file') || !input.files.length) {
\t\t\treturn;
\t\t}
\t\tvar body = new FormData();
\t\tbody.append('action', 'cfl_upload');
\t\tbody.append('nonce', window.cflSettings.nonce);
\t\tbody.append('cfl_file', input.files[0]);
\t\tfetch(window.cflSettings.ajaxUrl, { method: 'POST', body: body, credentials: 'same-origin' });
\t});
})();
`,
      },
      { path: 'index.php', text: SILENCE },
      { path: 'includes/index.php', text: SILENCE },
      {
        path: 'uninstall.php',
        text: "<?php\n/**\n * Removes the plugin's options when it is deleted.\n *\n * @package ContactFormLite\n */\n\nif ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {\n\texit;\n}\n\ndelete_option( 'cfl_settings' );\n",
      },
      {
        path: 'languages/contact-form-lite-ja.po',
        text: `msgid ""\nmsgstr ""\n"Project-Id-Version: Contact Form Lite ${version}\\n"\n"Language: ja\\n"\n"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\nmsgid "Contact us"\nmsgstr "お問い合わせ"\n\nmsgid "Name"\nmsgstr "お名前"\n\nmsgid "Email"\nmsgstr "メールアドレス"\n\nmsgid "Message"\nmsgstr "お問い合わせ内容"\n\nmsgid "Attachment"\nmsgstr "添付ファイル"\n\nmsgid "Send"\nmsgstr "送信"\n`,
      },
      {
        path: 'readme.txt',
        text: `=== Contact Form Lite ===
Contributors: liteforms
Tags: contact form, form, attachment, upload
Requires at least: 5.6
Tested up to: 6.6
Requires PHP: 7.2
Stable tag: ${version}
License: GPLv2 or later
License URI: https://www.gnu.org/licenses/gpl-2.0.html

A lightweight contact form with file attachments.

== Description ==

Add a contact form to any page with the [contact_form_lite] shortcode. Visitors can attach one image or PDF.

== Changelog ==

${CFL_CHANGELOG.filter((c) => compareVersions(c.version, version) <= 0)
  .map((c) => `= ${c.version} =\n* ${c.note}\n`)
  .join('\n')}`,
      },
    ],
  };
}

function simpleSeoMeta(version: string, released: string): DemoPluginRelease {
  return {
    slug: 'simple-seo-meta',
    name: 'Simple SEO Meta',
    version,
    released,
    files: [
      {
        path: 'simple-seo-meta.php',
        text: `<?php
/**
 * Plugin Name: Simple SEO Meta
 * Plugin URI:  https://wordpress.org/plugins/simple-seo-meta/
 * Description: Adds a meta description and Open Graph tags to posts and pages.
 * Version:     ${version}
 * Author:      Kobo Web Works
 * License:     GPL-2.0-or-later
 * Text Domain: simple-seo-meta
 */

defined( 'ABSPATH' ) || exit;

define( 'SSM_VERSION', '${version}' );

require_once __DIR__ . '/includes/class-ssm-head.php';

if ( is_admin() ) {
\trequire_once __DIR__ . '/includes/class-ssm-admin.php';
\tnew SSM_Admin();
}

new SSM_Head();
`,
      },
      {
        path: 'includes/class-ssm-head.php',
        text: `<?php
/**
 * Prints the meta tags in wp_head.
 *
 * @package SimpleSeoMeta
 */

defined( 'ABSPATH' ) || exit;

class SSM_Head {

\tpublic function __construct() {
\t\tadd_action( 'wp_head', array( $this, 'print_tags' ), 1 );
\t}

\tpublic function print_tags() {
\t\tif ( ! is_singular() ) {
\t\t\treturn;
\t\t}
\t\t$post        = get_queried_object();
\t\t$description = get_post_meta( $post->ID, '_ssm_description', true );
\t\tif ( '' === $description ) {
\t\t\t$description = wp_trim_words( wp_strip_all_tags( $post->post_content ), 40, '' );
\t\t}
\t\tprintf( '<meta name="description" content="%s" />' . "\\n", esc_attr( $description ) );
\t\tprintf( '<meta property="og:title" content="%s" />' . "\\n", esc_attr( get_the_title( $post ) ) );
\t\tprintf( '<meta property="og:url" content="%s" />' . "\\n", esc_url( get_permalink( $post ) ) );
\t}
}
`,
      },
      {
        path: 'includes/class-ssm-admin.php',
        text: `<?php
/**
 * Meta box for the description.
 *
 * @package SimpleSeoMeta
 */

defined( 'ABSPATH' ) || exit;

class SSM_Admin {

\tpublic function __construct() {
\t\tadd_action( 'add_meta_boxes', array( $this, 'add_box' ) );
\t\tadd_action( 'save_post', array( $this, 'save' ) );
\t}

\tpublic function add_box() {
\t\tadd_meta_box( 'ssm-description', __( 'SEO description', 'simple-seo-meta' ), array( $this, 'render' ), array( 'post', 'page' ), 'side' );
\t}

\tpublic function render( $post ) {
\t\twp_nonce_field( 'ssm_save', 'ssm_nonce' );
\t\t$value = get_post_meta( $post->ID, '_ssm_description', true );
\t\techo '<textarea name="ssm_description" rows="4" style="width:100%">' . esc_textarea( $value ) . '</textarea>';
\t}

\tpublic function save( $post_id ) {
\t\tif ( ! isset( $_POST['ssm_nonce'] ) || ! wp_verify_nonce( sanitize_key( $_POST['ssm_nonce'] ), 'ssm_save' ) ) {
\t\t\treturn;
\t\t}
\t\tif ( ! current_user_can( 'edit_post', $post_id ) ) {
\t\t\treturn;
\t\t}
\t\tif ( isset( $_POST['ssm_description'] ) ) {
\t\t\tupdate_post_meta( $post_id, '_ssm_description', sanitize_textarea_field( wp_unslash( $_POST['ssm_description'] ) ) );
\t\t}
\t}
}
`,
      },
      { path: 'index.php', text: SILENCE },
      {
        path: 'readme.txt',
        text: `=== Simple SEO Meta ===
Contributors: koboweb
Tags: seo, meta description, open graph
Requires at least: 5.2
Tested up to: 6.6
Requires PHP: 7.0
Stable tag: ${version}
License: GPLv2 or later

Adds a meta description and Open Graph tags, nothing else.

== Changelog ==

${SSM_CHANGELOG.filter((c) => compareVersions(c.version, version) <= 0)
  .map((c) => `= ${c.version} =\n* ${c.note}\n`)
  .join('\n')}`,
      },
    ],
  };
}

function easyShareButtons(): DemoPluginRelease {
  return {
    slug: 'easy-share-buttons',
    name: 'Easy Share Buttons',
    version: '1.4.0',
    released: '2021-04-19',
    files: [
      {
        path: 'easy-share-buttons.php',
        text: `<?php
/*
Plugin Name: Easy Share Buttons
Plugin URI: https://wordpress.org/plugins/easy-share-buttons/
Description: Share buttons for X, Facebook, LINE and Hatena Bookmark below every post.
Version: 1.4.0
Author: esb
License: GPLv2
*/

if ( ! defined( 'ABSPATH' ) ) {
\texit;
}

function esb_buttons( $content ) {
\tif ( ! is_single() ) {
\t\treturn $content;
\t}
\t$url   = rawurlencode( get_permalink() );
\t$title = rawurlencode( get_the_title() );
\t$html  = '<div class="esb-buttons">';
\t$html .= '<a href="https://x.com/intent/post?url=' . $url . '&text=' . $title . '">X</a>';
\t$html .= '<a href="https://www.facebook.com/sharer/sharer.php?u=' . $url . '">Facebook</a>';
\t$html .= '<a href="https://social-plugins.line.me/lineit/share?url=' . $url . '">LINE</a>';
\t$html .= '<a href="https://b.hatena.ne.jp/entry/panel/?url=' . $url . '">B!</a>';
\t$html .= '</div>';
\treturn $content . $html;
}
add_filter( 'the_content', 'esb_buttons' );

function esb_styles() {
\twp_enqueue_style( 'esb', plugins_url( 'css/esb.css', __FILE__ ), array(), '1.4.0' );
}
add_action( 'wp_enqueue_scripts', 'esb_styles' );
`,
      },
      {
        path: 'css/esb.css',
        text: '.esb-buttons a {\n\tdisplay: inline-block;\n\tmargin-right: 6px;\n\tpadding: 2px 8px;\n\tborder-radius: 3px;\n\tbackground: #eee;\n}\n',
      },
      {
        path: 'readme.txt',
        text: '=== Easy Share Buttons ===\nContributors: esb\nTags: share, social, line, hatena\nRequires at least: 4.9\nTested up to: 5.7\nStable tag: 1.4.0\nLicense: GPLv2\n\nShare buttons below every post.\n',
      },
    ],
  };
}

function proGallerySuite(): DemoPluginRelease {
  return {
    slug: 'pro-gallery-suite',
    name: 'Pro Gallery Suite',
    version: '3.2.1',
    released: '2025-11-02',
    files: [
      {
        path: 'pro-gallery-suite.php',
        text: `<?php
/**
 * Plugin Name: Pro Gallery Suite
 * Plugin URI:  https://progallerysuite.example/
 * Description: Premium responsive galleries with lightbox and watermarking. Requires a license key.
 * Version:     3.2.1
 * Author:      PGS Studio
 * License:     Proprietary
 * Update URI:  https://updates.progallerysuite.example/
 */

if ( ! defined( 'ABSPATH' ) ) {
\texit;
}

define( 'PGS_VERSION', '3.2.1' );
define( 'PGS_DIR', __DIR__ );

require_once PGS_DIR . '/includes/class-pgs-license.php';
require_once PGS_DIR . '/includes/class-pgs-gallery.php';

add_action( 'init', array( 'PGS_Gallery', 'register' ) );
add_action( 'admin_init', array( 'PGS_License', 'maybe_check' ) );
`,
      },
      {
        path: 'includes/class-pgs-license.php',
        text: `<?php
/**
 * License activation against the vendor's server (checked once a week).
 *
 * @package ProGallerySuite
 */

if ( ! defined( 'ABSPATH' ) ) {
\texit;
}

class PGS_License {

\tconst ENDPOINT = 'https://updates.progallerysuite.example/v1/license';

\tpublic static function maybe_check() {
\t\tif ( get_transient( 'pgs_license_checked' ) ) {
\t\t\treturn;
\t\t}
\t\t$key      = get_option( 'pgs_license_key', '' );
\t\t$response = wp_remote_post(
\t\t\tself::ENDPOINT,
\t\t\tarray(
\t\t\t\t'timeout' => 10,
\t\t\t\t'body'    => array(
\t\t\t\t\t'key'  => $key,
\t\t\t\t\t'site' => home_url(),
\t\t\t\t),
\t\t\t)
\t\t);
\t\t$valid = ! is_wp_error( $response ) && 200 === wp_remote_retrieve_response_code( $response );
\t\tupdate_option( 'pgs_license_valid', $valid ? 'yes' : 'no' );
\t\tset_transient( 'pgs_license_checked', 1, WEEK_IN_SECONDS );
\t}
}
`,
      },
      {
        path: 'includes/class-pgs-gallery.php',
        text: `<?php
/**
 * The [pgs_gallery] shortcode.
 *
 * @package ProGallerySuite
 */

if ( ! defined( 'ABSPATH' ) ) {
\texit;
}

class PGS_Gallery {

\tpublic static function register() {
\t\tadd_shortcode( 'pgs_gallery', array( __CLASS__, 'render' ) );
\t}

\tpublic static function render( $atts ) {
\t\t$atts = shortcode_atts( array( 'ids' => '', 'columns' => 3 ), $atts, 'pgs_gallery' );
\t\t$ids  = array_filter( array_map( 'absint', explode( ',', $atts['ids'] ) ) );
\t\t$html = '<div class="pgs-gallery pgs-cols-' . absint( $atts['columns'] ) . '">';
\t\tforeach ( $ids as $id ) {
\t\t\t$html .= wp_get_attachment_image( $id, 'medium_large', false, array( 'loading' => 'lazy' ) );
\t\t}
\t\treturn $html . '</div>';
\t}
}
`,
      },
      {
        path: 'assets/js/pgs.min.js',
        text: '/*! Pro Gallery Suite 3.2.1 */\n!function(){"use strict";document.querySelectorAll(".pgs-gallery img").forEach(function(e){e.addEventListener("click",function(){e.classList.toggle("pgs-zoom")})})}();\n',
      },
      {
        path: 'readme.txt',
        text: 'Pro Gallery Suite 3.2.1\n\nPremium plugin. Updates are delivered through your account at progallerysuite.example.\n',
      },
    ],
  };
}

/** The catalogue of demo plugins, as wordpress.org (or a vendor) knows them. */
export function demoPluginCatalog(): readonly DemoPluginListing[] {
  return [
    {
      slug: 'contact-form-lite',
      name: 'Contact Form Lite',
      author: '<a href="https://profiles.wordpress.org/liteforms/">Lite Forms Team</a>',
      shortDescription: 'A lightweight contact form with file attachments.',
      requires: '5.6',
      tested: '6.6',
      requiresPhp: '7.2',
      activeInstalls: 40000,
      added: '2019-03-11',
      releases: [
        contactFormLite('2.4.1', '2026-06-02'),
        contactFormLite('2.3.1', '2025-12-08'),
        contactFormLite('2.3.0', '2025-08-21'),
      ],
      onWordPressOrg: true,
    },
    {
      slug: 'simple-seo-meta',
      name: 'Simple SEO Meta',
      author: '<a href="https://profiles.wordpress.org/koboweb/">Kobo Web Works</a>',
      shortDescription: 'Adds a meta description and Open Graph tags, nothing else.',
      requires: '5.2',
      tested: '6.6',
      requiresPhp: '7.0',
      activeInstalls: 9000,
      added: '2017-07-03',
      releases: [simpleSeoMeta('1.8.2', '2026-04-15'), simpleSeoMeta('1.8.1', '2025-10-01')],
      onWordPressOrg: true,
    },
    {
      slug: 'easy-share-buttons',
      name: 'Easy Share Buttons',
      author: '<a href="https://profiles.wordpress.org/esb/">esb</a>',
      shortDescription: 'Share buttons below every post.',
      requires: '4.9',
      tested: '5.7',
      requiresPhp: '5.6',
      activeInstalls: 0,
      added: '2016-02-09',
      releases: [easyShareButtons()],
      closed: { date: '2024-02-27', reason: 'security-issue', reasonText: 'Security Issue' },
      onWordPressOrg: true,
    },
    {
      slug: 'pro-gallery-suite',
      name: 'Pro Gallery Suite',
      author: 'PGS Studio',
      shortDescription: 'Premium responsive galleries.',
      requires: '6.0',
      tested: '6.6',
      requiresPhp: '7.4',
      activeInstalls: 0,
      added: '2022-01-01',
      releases: [proGallerySuite()],
      onWordPressOrg: false,
    },
  ];
}

/** The plugin versions installed on the demo site. */
export const DEMO_INSTALLED_PLUGINS: readonly {
  readonly slug: string;
  readonly version: string;
}[] = [
  { slug: 'contact-form-lite', version: '2.3.0' },
  { slug: 'simple-seo-meta', version: '1.8.2' },
  { slug: 'easy-share-buttons', version: '1.4.0' },
  { slug: 'pro-gallery-suite', version: '3.2.1' },
];
