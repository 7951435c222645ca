"""What lets several app servers share the work: nothing a request needs is kept in one process.

Read from the environment by config/settings.py (README, "Running more than one app server"):
- REDIS_URL: the cache (computed figures, scoring/statistics.py) lives in Redis, shared by every
  app server, and sessions are kept in the database with Redis in front ("cached_db"): a restart of
  Redis logs nobody out. Without it each process has its own memory cache and sessions are read
  from the database on every request, which is right for one server.
- S3_BUCKET (and S3_ENDPOINT_URL for a store other than Amazon's): uploaded documents go to that
  bucket through django-storages instead of the local disk. They are still served only by the
  permission-checked views (bids/documents.py opens them): the bucket stays private and no link
  to it is ever given out.
django-axes keeps its failure counts in the database (its default handler), so a lockout holds
whichever server the next attempt reaches.
"""

from django.core.exceptions import ImproperlyConfigured

from config import env

FILESYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def caches(redis_url: str) -> dict:
    if not redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    if not redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://")
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            # One Redis may serve several sites or test runs: keep this one's keys apart.
            "KEY_PREFIX": env.text("CACHE_KEY_PREFIX", "cocomm"),
        }
    }


def session_engine(redis_url: str) -> str:
    return (
        "django.contrib.sessions.backends.cached_db"
        if redis_url
        else "django.contrib.sessions.backends.db"
    )


def document_storage() -> dict:
    """The default storage: a private S3 bucket when one is named, else the local disk."""
    bucket = env.text("S3_BUCKET")
    endpoint = env.text("S3_ENDPOINT_URL")
    if not bucket:
        if endpoint:
            raise ImproperlyConfigured("S3_ENDPOINT_URL is set: set S3_BUCKET too.")
        return FILESYSTEM
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,
        "region_name": env.text("S3_REGION") or None,
        "location": env.text("S3_PREFIX", "uploads"),
        # Private objects; url() would only ever give a short-lived signed link, and no page
        # calls it: documents are streamed by the views after their permission check.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 60,
        # Stored names are random UUIDs, so no existence check (one request fewer per upload).
        "file_overwrite": True,
    }
    # Without keys boto3 uses its own chain (instance role, AWS_* variables, shared files).
    if env.text("S3_ACCESS_KEY_ID"):
        options["access_key"] = env.text("S3_ACCESS_KEY_ID")
        options["secret_key"] = env.text("S3_SECRET_ACCESS_KEY")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
