from django.conf import settings
from django.http import HttpResponse


class PermissionsPolicyMiddleware:
    """Deny browser features the site never uses (camera, geolocation, ...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class URLLengthLimitMiddleware:
    """Answer an over-long address with 414 before any view, form or database sees it.

    No page of the site needs more than a short search query, so a path or query
    string beyond the limits in settings (MAX_PATH_LENGTH, MAX_QUERY_STRING_LENGTH)
    is refused at once instead of being parsed, looked up and rendered.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.max_path = settings.MAX_PATH_LENGTH
        self.max_query = settings.MAX_QUERY_STRING_LENGTH

    def __call__(self, request):
        if (
            len(request.path_info) > self.max_path
            or len(request.META.get("QUERY_STRING", "")) > self.max_query
        ):
            return HttpResponse(
                "414 URI Too Long: that address is longer than any page of this site needs.\n",
                status=414,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
