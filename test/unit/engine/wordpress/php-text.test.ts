import { describe, expect, it } from 'vitest';

import { parseFileHeaders, parseVersionPhp, stripPhpComments } from '../../../../electron/engine/wordpress/php-text';
import { compareVersions } from '../../../../electron/engine/wordpress/version-compare';

describe('parseVersionPhp (read as text, never run)', () => {
  it('reads version and locale of a localized package', () => {
    const text = "<?php\n/** @global string $wp_version */\n$wp_version = '6.1.9';\n$wp_db_version = 53496;\n$wp_local_package = 'ja';\n";
    expect(parseVersionPhp(text)).toEqual({ version: '6.1.9', locale: 'ja', localeDeclared: true });
  });

  it('defaults the locale to en_US when $wp_local_package is absent', () => {
    expect(parseVersionPhp("<?php\n$wp_version = \"6.5\";\n")).toEqual({ version: '6.5', locale: 'en_US', localeDeclared: false });
  });

  it('ignores assignments inside comments', () => {
    const text = "<?php\n// $wp_version = '9.9.9';\n/* $wp_version = '8.8.8'; $wp_local_package = 'de_DE'; */\n# $wp_local_package = 'fr_FR';\n$wp_version = '6.4.2';\n";
    expect(parseVersionPhp(text)).toMatchObject({ version: '6.4.2', locale: 'en_US' });
  });

  it('rejects hostile values instead of passing them on', () => {
    expect(parseVersionPhp("<?php $wp_version = '6.1/../../etc'; $wp_local_package = 'ja\\'; system(1); //';").version).toBeNull();
    expect(parseVersionPhp("<?php $wp_version = $_GET['v']; $wp_local_package = '<script>';")).toEqual({
      version: null,
      locale: 'en_US',
      localeDeclared: false,
    });
    expect(parseVersionPhp('\u0000\u00ff garbage').version).toBeNull();
  });

  it('does not stall on huge or unterminated input', () => {
    const huge = "<?php /* " + 'x'.repeat(2_000_000) + " $wp_version = '1.0';";
    expect(parseVersionPhp(huge).version).toBeNull();
    expect(parseVersionPhp("<?php $wp_version = '" + "'".repeat(100000)).version).toBeNull();
  });

  it('keeps strings that contain comment markers', () => {
    expect(stripPhpComments("$a = '// not a comment'; // yes")).toBe("$a = '// not a comment'; ");
  });
});

describe('parseFileHeaders (get_file_data rules)', () => {
  it('reads plugin headers in the first 8 KB only', () => {
    const text = "<?php\n/**\n * Plugin Name: Contact Form Lite\n * Version: 2.3.0\n */\n";
    expect(parseFileHeaders(text, ['Plugin Name', 'Version'])).toEqual({ 'Plugin Name': 'Contact Form Lite', Version: '2.3.0' });
    const late = 'x'.repeat(9000) + '\nPlugin Name: Late';
    expect(parseFileHeaders(late, ['Plugin Name'])).toEqual({});
  });

  it('reads theme style.css headers with CRLF and a closing comment on the line', () => {
    const css = '/*\r\nTheme Name: Child\r\nTemplate: twentytwentyone\r\nVersion: 1.2 */\r\n';
    expect(parseFileHeaders(css, ['Theme Name', 'Template', 'Version'])).toEqual({ 'Theme Name': 'Child', Template: 'twentytwentyone', Version: '1.2' });
  });
});

describe('compareVersions (PHP version_compare)', () => {
  it.each([
    ['1.10', '1.9', 1],
    ['6.1.9', '6.1.10', -1],
    ['1.0-beta', '1.0-RC1', -1],
    ['1.0-RC1', '1.0', -1],
    ['1.0', '1.0.0', -1],
    ['2.3.0', '2.3.1', -1],
    ['v2.0', '2.0', 0],
    ['1.0-pl1', '1.0', 1],
  ])('%s vs %s', (a, b, want) => {
    expect(compareVersions(a, b)).toBe(want);
  });
});
