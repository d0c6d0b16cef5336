from public.texts import newsroom_texts


def site(request):
    """Site-wide texts in the page's language: the site's name, the signature and the
    standing paragraph."""
    return {"newsroom": newsroom_texts()}
