/**
 * A compact WordPress-like release used when Debian's real `wordpress` package has not been
 * extracted (scripts/fetch-debian-fixtures.sh). It has the real layout (root files, wp-admin/,
 * wp-includes/, wp-content/ with a bundled plugin and theme) and a real version.php, so the demo,
 * the wordpress.org stand-in and the scanner behave the same way on it — only smaller. Every file
 * is valid PHP/CSS/HTML written for this project; none of it is WordPress source.
 */

export const GENERATED_WP_VERSION = '6.1.9';

type GeneratedFile = { readonly path: string; readonly text: string };

const SILENCE = '<?php\n// Silence is golden.\n';

function phpFile(summary: string, body: string, pkg = 'WordPress'): string {
  return `<?php\n/**\n * ${summary}\n *\n * @package ${pkg}\n */\n\n${body.trim()}\n`;
}

function loader(summary: string, requireLine: string): string {
  return phpFile(
    summary,
    `
if ( ! defined( 'ABSPATH' ) ) {
\tdefine( 'ABSPATH', __DIR__ . '/' );
}

${requireLine}
`,
  );
}

/** Returns the generated release (en_US); paths are relative to the `wordpress/` folder. */
export function generatedWordPressFiles(): GeneratedFile[] {
  const files: GeneratedFile[] = [
    {
      path: 'index.php',
      text: phpFile(
        'Front to the WordPress application. This file does not do anything, but loads wp-blog-header.php which does and tells WordPress to load the theme.',
        "define( 'WP_USE_THEMES', true );\n\nrequire __DIR__ . '/wp-blog-header.php';",
      ),
    },
    {
      path: 'license.txt',
      text: 'WordPress - Web publishing software\n\nThis placeholder release is distributed under the terms of the GNU General Public License,\nversion 2 or (at your option) any later version. See https://www.gnu.org/licenses/gpl-2.0.html\n',
    },
    {
      path: 'readme.html',
      text: '<!DOCTYPE html>\n<html lang="en">\n<head>\n\t<meta charset="utf-8" />\n\t<title>WordPress &#8250; ReadMe</title>\n</head>\n<body>\n<h1 id="logo">WordPress</h1>\n<p style="text-align: center">Semantic Personal Publishing Platform</p>\n<h2>First Things First</h2>\n<p>Welcome. Keep this file for reference.</p>\n<h2>Installation: Famous 5-minute install</h2>\n<ol>\n\t<li>Unzip the package in an empty directory and upload everything.</li>\n\t<li>Open <span class="file"><a href="wp-admin/install.php">wp-admin/install.php</a></span> in your browser.</li>\n</ol>\n</body>\n</html>\n',
    },
    {
      path: 'wp-activate.php',
      text: loader(
        'Confirms that the activation key that is sent in an email after a user signs up for a new site matches the key for that user and then displays confirmation.',
        "require __DIR__ . '/wp-load.php';\n\nif ( ! is_multisite() ) {\n\twp_redirect( wp_registration_url() );\n\tdie();\n}",
      ),
    },
    {
      path: 'wp-blog-header.php',
      text: phpFile(
        'Loads the WordPress environment and template.',
        "if ( ! isset( $wp_did_header ) ) {\n\n\t$wp_did_header = true;\n\n\t// Load the WordPress library.\n\trequire_once __DIR__ . '/wp-load.php';\n\n\t// Set up the WordPress query.\n\twp();\n\n\t// Load the theme template.\n\trequire_once ABSPATH . WPINC . '/template-loader.php';\n\n}",
      ),
    },
    {
      path: 'wp-comments-post.php',
      text: loader(
        'Handles Comment Post to WordPress and prevents duplicate comment posting.',
        "if ( 'POST' !== $_SERVER['REQUEST_METHOD'] ) {\n\theader( 'Allow: POST' );\n\theader( 'HTTP/1.1 405 Method Not Allowed' );\n\texit;\n}\n\nrequire __DIR__ . '/wp-load.php';",
      ),
    },
    {
      path: 'wp-config-sample.php',
      text: phpFile(
        'The base configuration for WordPress. Copy this file to "wp-config.php" and fill in the values.',
        "define( 'DB_NAME', 'database_name_here' );\ndefine( 'DB_USER', 'username_here' );\ndefine( 'DB_PASSWORD', 'password_here' );\ndefine( 'DB_HOST', 'localhost' );\ndefine( 'DB_CHARSET', 'utf8' );\ndefine( 'DB_COLLATE', '' );\n\ndefine( 'AUTH_KEY',         'put your unique phrase here' );\ndefine( 'SECURE_AUTH_KEY',  'put your unique phrase here' );\ndefine( 'LOGGED_IN_KEY',    'put your unique phrase here' );\ndefine( 'NONCE_KEY',        'put your unique phrase here' );\ndefine( 'AUTH_SALT',        'put your unique phrase here' );\ndefine( 'SECURE_AUTH_SALT', 'put your unique phrase here' );\ndefine( 'LOGGED_IN_SALT',   'put your unique phrase here' );\ndefine( 'NONCE_SALT',       'put your unique phrase here' );\n\n$table_prefix = 'wp_';\n\ndefine( 'WP_DEBUG', false );\n\nif ( ! defined( 'ABSPATH' ) ) {\n\tdefine( 'ABSPATH', __DIR__ . '/' );\n}\n\nrequire_once ABSPATH . 'wp-settings.php';",
      ),
    },
    {
      path: 'wp-cron.php',
      text: loader(
        'A pseudo-cron daemon for scheduling WordPress tasks.',
        "ignore_user_abort( true );\n\nif ( ! defined( 'DOING_CRON' ) ) {\n\tdefine( 'DOING_CRON', true );\n}\n\nrequire_once __DIR__ . '/wp-load.php';",
      ),
    },
    {
      path: 'wp-links-opml.php',
      text: loader(
        'Outputs an OPML XML file of the links of the site.',
        "require_once __DIR__ . '/wp-load.php';\n\nheader( 'Content-Type: text/xml; charset=' . get_option( 'blog_charset' ), true );",
      ),
    },
    {
      path: 'wp-load.php',
      text: phpFile(
        'Bootstrap file for setting the ABSPATH constant and loading the wp-config.php file.',
        "if ( ! defined( 'ABSPATH' ) ) {\n\tdefine( 'ABSPATH', __DIR__ . '/' );\n}\n\nif ( file_exists( ABSPATH . 'wp-config.php' ) ) {\n\trequire_once ABSPATH . 'wp-config.php';\n} elseif ( @file_exists( dirname( ABSPATH ) . '/wp-config.php' ) && ! @file_exists( dirname( ABSPATH ) . '/wp-settings.php' ) ) {\n\t// The config file resides one level above ABSPATH but is not part of another installation.\n\trequire_once dirname( ABSPATH ) . '/wp-config.php';\n} else {\n\tdie( 'There does not seem to be a wp-config.php file.' );\n}",
      ),
    },
    {
      path: 'wp-login.php',
      text: loader(
        'WordPress User Page: handles authentication, registering, resetting passwords, forgot password, and other user handling.',
        "require __DIR__ . '/wp-load.php';\n\n$action = isset( $_REQUEST['action'] ) ? $_REQUEST['action'] : 'login';\n\nfunction login_header( $title = 'Log In', $message = '' ) {\n\techo '<!DOCTYPE html><html><head><title>' . esc_html( $title ) . '</title></head><body class=\"login\">';\n}",
      ),
    },
    {
      path: 'wp-mail.php',
      text: loader(
        "Gets the email message from the user's mailbox to add as a WordPress post.",
        "require __DIR__ . '/wp-load.php';\n\nif ( ! apply_filters( 'enable_post_by_email_configuration', true ) ) {\n\twp_die( 'This action has been disabled by the administrator.', 403 );\n}",
      ),
    },
    {
      path: 'wp-settings.php',
      text: phpFile(
        'Used to set up and fix common variables and include the WordPress procedural and class library.',
        "define( 'WPINC', 'wp-includes' );\n\nrequire ABSPATH . WPINC . '/version.php';\nrequire ABSPATH . WPINC . '/load.php';\nrequire ABSPATH . WPINC . '/default-constants.php';\nrequire_once ABSPATH . WPINC . '/plugin.php';\n\nwp_initial_constants();\nwp_check_php_mysql_versions();\n\nrequire ABSPATH . WPINC . '/functions.php';\nrequire ABSPATH . WPINC . '/class-wp.php';",
      ),
    },
    {
      path: 'wp-signup.php',
      text: loader(
        'Handles new site and user sign-ups on a multisite network.',
        "require __DIR__ . '/wp-load.php';\n\nadd_filter( 'wp_robots', 'wp_robots_no_robots' );",
      ),
    },
    {
      path: 'wp-trackback.php',
      text: loader(
        'Handle Trackbacks and Pingbacks Sent to WordPress.',
        "if ( empty( $wp ) ) {\n\trequire_once __DIR__ . '/wp-load.php';\n\twp( array( 'tb' => '1' ) );\n}",
      ),
    },
    {
      path: 'xmlrpc.php',
      text: loader(
        'XML-RPC protocol support for WordPress.',
        "define( 'XMLRPC_REQUEST', true );\n\n$_COOKIE = array();\n\nrequire_once __DIR__ . '/wp-load.php';",
      ),
    },

    {
      path: 'wp-admin/index.php',
      text: phpFile(
        'Dashboard Administration Screen.',
        "require_once __DIR__ . '/admin.php';\n\n$title       = __( 'Dashboard' );\n$parent_file = 'index.php';",
      ),
    },
    {
      path: 'wp-admin/admin.php',
      text: phpFile(
        'WordPress Administration Bootstrap.',
        "if ( ! defined( 'WP_ADMIN' ) ) {\n\tdefine( 'WP_ADMIN', true );\n}\n\nrequire_once dirname( __DIR__ ) . '/wp-load.php';\n\nrequire_once ABSPATH . 'wp-admin/includes/admin.php';\n\nauth_redirect();",
      ),
    },
    {
      path: 'wp-admin/admin-ajax.php',
      text: phpFile(
        'WordPress Ajax Process Execution.',
        "define( 'DOING_AJAX', true );\nif ( ! defined( 'WP_ADMIN' ) ) {\n\tdefine( 'WP_ADMIN', true );\n}\n\nrequire_once dirname( __DIR__ ) . '/wp-load.php';\n\nsend_origin_headers();\n\nif ( empty( $_REQUEST['action'] ) ) {\n\twp_die( '0', 400 );\n}",
      ),
    },
    {
      path: 'wp-admin/about.php',
      text: phpFile(
        'About This Version administration panel.',
        "require_once __DIR__ . '/admin.php';\n\n$title = _x( 'About', 'page title' );\n\nrequire_once ABSPATH . 'wp-admin/admin-header.php';\n?>\n<div class=\"wrap about__container\">\n\t<h1><?php echo esc_html( $title ); ?></h1>\n</div>\n<?php\nrequire_once ABSPATH . 'wp-admin/admin-footer.php';",
      ),
    },
    {
      path: 'wp-admin/admin-header.php',
      text: phpFile(
        'WordPress Administration Template Header.',
        "header( 'Content-Type: ' . get_option( 'html_type' ) . '; charset=' . get_option( 'blog_charset' ) );\n\nif ( ! defined( 'WP_ADMIN' ) ) {\n\trequire_once __DIR__ . '/admin.php';\n}",
      ),
    },
    {
      path: 'wp-admin/admin-footer.php',
      text: phpFile(
        'WordPress Administration Template Footer.',
        "if ( ! defined( 'ABSPATH' ) ) {\n\tdie( '-1' );\n}\n\ndo_action( 'admin_footer', '' );",
      ),
    },
    {
      path: 'wp-admin/includes/admin.php',
      text: phpFile(
        'Core Administration API.',
        "require_once ABSPATH . 'wp-admin/includes/file.php';",
      ),
    },
    {
      path: 'wp-admin/includes/file.php',
      text: phpFile(
        'Filesystem API: Top-level functionality.',
        "function get_home_path() {\n\t$home    = set_url_scheme( get_option( 'home' ), 'http' );\n\t$siteurl = set_url_scheme( get_option( 'siteurl' ), 'http' );\n\tif ( ! empty( $home ) && 0 !== strcasecmp( $home, $siteurl ) ) {\n\t\treturn ABSPATH;\n\t}\n\treturn ABSPATH;\n}\n\nfunction wp_tempnam( $filename = '', $dir = '' ) {\n\tif ( empty( $dir ) ) {\n\t\t$dir = get_temp_dir();\n\t}\n\treturn $dir . wp_unique_filename( $dir, basename( $filename ) . '.tmp' );\n}",
      ),
    },
    {
      path: 'wp-admin/css/common.css',
      text: '/* Common admin styles */\n#wpwrap {\n\theight: auto;\n\tmin-height: 100%;\n\twidth: 100%;\n\tposition: relative;\n}\n\n.wrap h1 {\n\tfont-size: 23px;\n\tfont-weight: 400;\n}\n',
    },

    {
      path: 'wp-includes/version.php',
      text: `<?php\n/**\n * WordPress Version\n *\n * Contains version information for the current WordPress release.\n *\n * @package WordPress\n * @since 1.2.0\n */\n\n/**\n * The WordPress version string.\n *\n * @global string $wp_version\n */\n$wp_version = '${GENERATED_WP_VERSION}';\n\n/**\n * Holds the WordPress DB revision, increments when changes are made to the WordPress DB schema.\n *\n * @global int $wp_db_version\n */\n$wp_db_version = 53496;\n\n/**\n * Holds the TinyMCE version.\n *\n * @global string $tinymce_version\n */\n$tinymce_version = '49110-20201110';\n\n/**\n * Holds the required PHP version.\n *\n * @global string $required_php_version\n */\n$required_php_version = '5.6.20';\n\n/**\n * Holds the required MySQL version.\n *\n * @global string $required_mysql_version\n */\n$required_mysql_version = '5.0';\n`,
    },
    {
      path: 'wp-includes/load.php',
      text: phpFile(
        'These functions are needed to load WordPress.',
        "function wp_get_server_protocol() {\n\t$protocol = isset( $_SERVER['SERVER_PROTOCOL'] ) ? $_SERVER['SERVER_PROTOCOL'] : '';\n\tif ( ! in_array( $protocol, array( 'HTTP/1.1', 'HTTP/2', 'HTTP/2.0', 'HTTP/3' ), true ) ) {\n\t\t$protocol = 'HTTP/1.0';\n\t}\n\treturn $protocol;\n}\n\nfunction wp_check_php_mysql_versions() {\n\tglobal $required_php_version, $wp_version;\n\tif ( version_compare( PHP_VERSION, $required_php_version, '<' ) ) {\n\t\theader( sprintf( '%s 500 Internal Server Error', wp_get_server_protocol() ), true, 500 );\n\t\tprintf( 'Your server is running PHP version %1$s but WordPress %2$s requires at least %3$s.', PHP_VERSION, $wp_version, $required_php_version );\n\t\texit( 1 );\n\t}\n}\n\nfunction is_multisite() {\n\treturn defined( 'MULTISITE' ) && MULTISITE;\n}",
      ),
    },
    {
      path: 'wp-includes/default-constants.php',
      text: phpFile(
        'Defines constants and global variables that can be overridden, generally in wp-config.php.',
        "function wp_initial_constants() {\n\tif ( ! defined( 'WP_MEMORY_LIMIT' ) ) {\n\t\tdefine( 'WP_MEMORY_LIMIT', '40M' );\n\t}\n\tif ( ! defined( 'WP_CONTENT_DIR' ) ) {\n\t\tdefine( 'WP_CONTENT_DIR', ABSPATH . 'wp-content' );\n\t}\n}",
      ),
    },
    {
      path: 'wp-includes/functions.php',
      text: phpFile(
        'Main WordPress API.',
        "function mysql2date( $format, $date, $translate = true ) {\n\tif ( empty( $date ) ) {\n\t\treturn false;\n\t}\n\t$datetime = date_create( $date, wp_timezone() );\n\tif ( false === $datetime ) {\n\t\treturn false;\n\t}\n\treturn $translate ? wp_date( $format, $datetime->getTimestamp() ) : $datetime->format( $format );\n}\n\nfunction wp_die( $message = '', $title = '', $args = array() ) {\n\tif ( is_int( $title ) ) {\n\t\t$title = '';\n\t}\n\techo $message;\n\tdie();\n}",
      ),
    },
    {
      path: 'wp-includes/plugin.php',
      text: phpFile(
        'The plugin API is located in this file, which allows for creating actions and filters and hooking functions, and methods.',
        'function add_filter( $hook_name, $callback, $priority = 10, $accepted_args = 1 ) {\n\tglobal $wp_filter;\n\t$wp_filter[ $hook_name ][ $priority ][] = array( $callback, $accepted_args );\n\treturn true;\n}\n\nfunction add_action( $hook_name, $callback, $priority = 10, $accepted_args = 1 ) {\n\treturn add_filter( $hook_name, $callback, $priority, $accepted_args );\n}',
      ),
    },
    {
      path: 'wp-includes/class-wp.php',
      text: phpFile(
        'WordPress environment setup class.',
        "#[AllowDynamicProperties]\nclass WP {\n\tpublic $public_query_vars = array( 'm', 'p', 'posts', 'w', 'cat', 'withcomments', 's', 'search' );\n\n\tpublic $query_vars = array();\n\n\tpublic function main( $query_args = '' ) {\n\t\t$this->query_vars = (array) $query_args;\n\t}\n}",
      ),
    },
    {
      path: 'wp-includes/template-loader.php',
      text: phpFile(
        "Loads the correct template based on the visitor's url.",
        "if ( wp_using_themes() ) {\n\tdo_action( 'template_redirect' );\n}\n\n$template = get_index_template();\nif ( $template ) {\n\tinclude $template;\n}",
      ),
    },
    {
      path: 'wp-includes/js/wp-embed.js',
      text: "/**\n * WordPress inline HTML embed\n */\n(function ( window, document ) {\n\t'use strict';\n\tvar supportedBrowser = !! ( document.querySelector && window.addEventListener );\n\tif ( ! supportedBrowser ) {\n\t\treturn;\n\t}\n\twindow.wp = window.wp || {};\n})( window, document );\n",
    },
    {
      path: 'wp-includes/css/buttons.css',
      text: '/* Buttons */\n.wp-core-ui .button {\n\tdisplay: inline-block;\n\ttext-decoration: none;\n\tfont-size: 13px;\n\tline-height: 2.15384615;\n\tmin-height: 30px;\n}\n',
    },

    { path: 'wp-content/index.php', text: SILENCE },
    { path: 'wp-content/plugins/index.php', text: SILENCE },
    { path: 'wp-content/themes/index.php', text: SILENCE },
    { path: 'wp-content/plugins/akismet/index.php', text: SILENCE },
    {
      path: 'wp-content/plugins/akismet/akismet.php',
      text: "<?php\n/**\n * @package Akismet\n */\n/*\nPlugin Name: Akismet Anti-Spam\nPlugin URI: https://akismet.com/\nDescription: Used by millions, Akismet protects your blog from spam.\nVersion: 5.0.2\nRequires at least: 5.0\nRequires PHP: 5.6.20\nAuthor: Automattic\nLicense: GPLv2 or later\nText Domain: akismet\n*/\n\nif ( ! function_exists( 'add_action' ) ) {\n\techo 'Hi there!  I\\'m just a plugin, not much I can do when called directly.';\n\texit;\n}\n\ndefine( 'AKISMET_VERSION', '5.0.2' );\ndefine( 'AKISMET__PLUGIN_DIR', plugin_dir_path( __FILE__ ) );\n\nrequire_once AKISMET__PLUGIN_DIR . 'class.akismet.php';\n\nadd_action( 'init', array( 'Akismet', 'init' ) );\n",
    },
    {
      path: 'wp-content/plugins/akismet/class.akismet.php',
      text: "<?php\n\nclass Akismet {\n\tconst API_HOST = 'rest.akismet.com';\n\n\tprivate static $initiated = false;\n\n\tpublic static function init() {\n\t\tif ( ! self::$initiated ) {\n\t\t\tself::$initiated = true;\n\t\t}\n\t}\n}\n",
    },
    {
      path: 'wp-content/plugins/akismet/readme.txt',
      text: '=== Akismet Anti-Spam ===\nContributors: matt, automattic\nTags: comments, spam, antispam\nRequires at least: 5.0\nTested up to: 6.1\nStable tag: 5.0.2\nLicense: GPLv2 or later\n\nThe best anti-spam protection to block spam comments and spam in a contact form.\n',
    },
    {
      path: 'wp-content/themes/twentytwentythree/style.css',
      text: '/*\nTheme Name: Twenty Twenty-Three\nTheme URI: https://wordpress.org/themes/twentytwentythree\nAuthor: the WordPress team\nDescription: A block theme placeholder used when the real theme package is absent.\nRequires at least: 6.1\nTested up to: 6.1\nRequires PHP: 5.6\nVersion: 1.0\nLicense: GNU General Public License v2 or later\nText Domain: twentytwentythree\n*/\n',
    },
    {
      path: 'wp-content/themes/twentytwentythree/theme.json',
      text: '{\n\t"$schema": "https://schemas.wp.org/wp/6.1/theme.json",\n\t"version": 2,\n\t"settings": {\n\t\t"appearanceTools": true,\n\t\t"layout": { "contentSize": "650px", "wideSize": "1200px" }\n\t}\n}\n',
    },
    {
      path: 'wp-content/themes/twentytwentythree/templates/index.html',
      text: '<!-- wp:template-part {"slug":"header","tagName":"header"} /-->\n\n<!-- wp:group {"tagName":"main","layout":{"type":"constrained"}} -->\n<main class="wp-block-group"><!-- wp:query-title {"type":"archive"} /--></main>\n<!-- /wp:group -->\n\n<!-- wp:template-part {"slug":"footer","tagName":"footer"} /-->\n',
    },
    {
      path: 'wp-content/themes/twentytwentythree/parts/header.html',
      text: '<!-- wp:group {"layout":{"type":"constrained"}} -->\n<div class="wp-block-group"><!-- wp:site-title /--></div>\n<!-- /wp:group -->\n',
    },
    {
      path: 'wp-content/themes/twentytwentythree/parts/footer.html',
      text: '<!-- wp:group {"layout":{"type":"constrained"}} -->\n<div class="wp-block-group"><!-- wp:paragraph {"align":"center"} --><p class="has-text-align-center">Proudly powered by WordPress</p><!-- /wp:paragraph --></div>\n<!-- /wp:group -->\n',
    },
  ];
  return files;
}
