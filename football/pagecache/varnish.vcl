# Varnish in front of Dugout (Varnish 7 with the xkey vmod of varnish-modules;
# Debian: apt install varnish varnish-modules). Start it with, for example:
#   varnishd -F -a :80 -f /path/to/varnish.vcl
# and set PAGE_CACHE_PURGE_URL=http://127.0.0.1/ so the site purges by tag.
# tests/pagecache/test_varnish.py runs this file in front of gunicorn.
vcl 4.1;

import std;
import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = {
        .url = "/healthz";
        .interval = 5s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
    }
}

# Who may purge: the app servers (here, this machine).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        # The site sends the stale tags in both headers, space separated.
        if (req.http.xkey-purge) {
            set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        } else {
            set req.http.x-purged = xkey.purge(req.http.Surrogate-Key);
        }
        return (synth(200, "Purged " + req.http.x-purged));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Editors (a session) always get fresh pages from the site.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # No other cookie changes what an anonymous reader sees.
    unset req.http.Cookie;
    # stale-while-revalidate: a page up to 60 s past its s-maxage is served while a
    # fresh one is fetched; while the site is down, up to a day (stale-if-error).
    if (std.healthy(req.backend_hint)) {
        set req.grace = 60s;
    }
    return (hash);
}

sub vcl_backend_response {
    # Pages without s-maxage (logged-in, private, no-store) are not kept.
    if (beresp.http.Cache-Control !~ "s-maxage") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # The TTL comes from s-maxage (Varnish reads it before max-age).
    set beresp.http.xkey = beresp.http.Surrogate-Key;
    set beresp.grace = 24h;
}

sub vcl_deliver {
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "hit";
    } else {
        set resp.http.X-Varnish-Cache = "miss";
    }
}
