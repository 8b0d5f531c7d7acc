<?php
// Installs WordPress and loads the benchmark's content through WordPress' own functions.
// Usage: php wp-setup.php <docroot> <content.json>   (run by bench/peers/run.ts)
// Prints one line of JSON: {"postPath": "...", "frontPath": "/", "postId": n}.

if ($argc < 3) {
    fwrite(STDERR, "usage: php wp-setup.php <docroot> <content.json>\n");
    exit(2);
}
$docroot = rtrim($argv[1], '/');
$content = json_decode(file_get_contents($argv[2]), true, 512, JSON_THROW_ON_ERROR);

// WordPress reads these in a web request; the command line has none of them.
$origin = parse_url(getenv('PEERS_ORIGIN') ?: 'http://127.0.0.1');
$_SERVER['HTTP_HOST'] = $origin['host'] . (isset($origin['port']) ? ':' . $origin['port'] : '');
$_SERVER['SERVER_NAME'] = $origin['host'];
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';

// No mail leaves the machine: the install's "new site" message and any other go nowhere.
// WordPress only defines its own wp_mail when none exists yet (a pluggable function).
function wp_mail($to, $subject, $message, $headers = '', $attachments = array()) {
    return true;
}

define('WP_INSTALLING', true);
require $docroot . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

$people = $content['people'];
$author = $people[0];
if (is_blog_installed()) {
    fwrite(STDERR, "the database already holds a WordPress site; the runner drops it first\n");
    exit(1);
}
$installed = wp_install($content['blogTitle'], $author['handle'], $author['email'], true, '', $author['password']);
$authorId = (int) $installed['user_id'];
wp_update_user(array('ID' => $authorId, 'display_name' => $author['displayName'], 'nickname' => $author['displayName']));

// The install writes a sample post, a sample page and a draft privacy page: the comparison
// serves only the benchmark's own content.
foreach (get_posts(array('post_type' => 'any', 'post_status' => 'any', 'numberposts' => -1)) as $sample) {
    wp_delete_post($sample->ID, true);
}

$userIds = array($authorId);
for ($i = 1; $i < count($people); $i++) {
    $p = $people[$i];
    $id = wp_insert_user(array(
        'user_login' => $p['handle'], 'user_email' => $p['email'], 'user_pass' => $p['password'],
        'display_name' => $p['displayName'], 'nickname' => $p['displayName'], 'role' => 'subscriber',
    ));
    if (is_wp_error($id)) {
        fwrite(STDERR, $id->get_error_message() . "\n");
        exit(1);
    }
    $userIds[] = $id;
}

update_option('posts_per_page', count($content['posts']));
update_option('default_pingback_flag', 0);
update_option('default_ping_status', 'closed');
update_option('page_comments', 0);

// Oldest first, an hour apart, so the front page lists them newest first.
$start = time() - 3600 * (count($content['posts']) + 1);
$postIds = array();
foreach ($content['posts'] as $i => $post) {
    $blocks = array();
    foreach ($post['paragraphs'] as $paragraph) {
        $blocks[] = "<!-- wp:paragraph -->\n<p>" . esc_html($paragraph) . "</p>\n<!-- /wp:paragraph -->";
    }
    $id = wp_insert_post(array(
        'post_title' => $post['title'], 'post_content' => implode("\n\n", $blocks), 'post_status' => 'publish',
        'post_author' => $authorId, 'post_date' => gmdate('Y-m-d H:i:s', $start + 3600 * $i), 'comment_status' => 'open',
    ), true);
    if (is_wp_error($id)) {
        fwrite(STDERR, $id->get_error_message() . "\n");
        exit(1);
    }
    $postIds[] = $id;
}

$commented = $postIds[0];
foreach ($content['comments'] as $i => $comment) {
    $person = $people[$comment['by']];
    $ok = wp_insert_comment(array(
        'comment_post_ID' => $commented, 'comment_author' => $person['displayName'], 'comment_author_email' => $person['email'],
        'comment_author_url' => '', 'comment_content' => $comment['text'], 'comment_approved' => 1, 'comment_type' => 'comment',
        'user_id' => $userIds[$comment['by']], 'comment_date' => gmdate('Y-m-d H:i:s', $start + 60 * ($i + 1)),
    ));
    if (!$ok) {
        fwrite(STDERR, "wp_insert_comment failed\n");
        exit(1);
    }
}

global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%postname%/');
flush_rewrite_rules(false);

echo json_encode(array(
    'postId' => $commented,
    'postPath' => wp_make_link_relative(get_permalink($commented)),
    'frontPath' => '/',
    'comments' => (int) get_comments_number($commented),
    'version' => get_bloginfo('version'),
    'theme' => wp_get_theme()->get_stylesheet(),
)), "\n";
