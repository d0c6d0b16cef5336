from django.conf import settings


def site(request):
    """Site-wide texts: the site's name, the signature and the standing paragraph."""
    return {"newsroom": settings.NEWSROOM}
