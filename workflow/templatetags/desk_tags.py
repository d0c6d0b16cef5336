"""The desk on the admin's home page (``templates/admin/index.html``)."""

from django import template

from workflow.desk import desk_for

register = template.Library()


@register.simple_tag(takes_context=True)
def desk_queues(context):
    """The signed-in person's queues (``workflow.desk.desk_for``)."""
    return desk_for(context["request"].user)
