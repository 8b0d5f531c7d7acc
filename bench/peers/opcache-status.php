<?php
// Served from the peer's docroot after the load, to show that opcache was on and used.
header('content-type: application/json');
$status = function_exists('opcache_get_status') ? opcache_get_status(false) : false;
echo json_encode($status === false ? array('enabled' => false) : array(
    'enabled' => $status['opcache_enabled'],
    'cachedScripts' => $status['opcache_statistics']['num_cached_scripts'],
    'hits' => $status['opcache_statistics']['hits'],
    'misses' => $status['opcache_statistics']['misses'],
    'hitRate' => round($status['opcache_statistics']['opcache_hit_rate'], 2),
    'validateTimestamps' => (bool) ini_get('opcache.validate_timestamps'),
    'jit' => ini_get('opcache.jit_buffer_size'),
));
