"""Related-object fields of the admin that take any posted value without crashing.

A form of ours only posts ids, but a hand-made or garbled request may post ``AZ`` (or
an id too large for the database) where an id belongs. Such a value is refused with
the message of an unknown choice, and the search-as-you-type widget leaves it out when
it looks up the names of the chosen values to draw the form again.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


def is_possible_value(field, value):
    """Whether ``value`` could be stored in the model ``field`` (an id: a number in range)."""
    try:
        field.run_validators(field.to_python(value))
    except ValidationError:
        return False
    return True


class _OnlyPossibleValues:
    def optgroups(self, name, value, attr=None):
        opts = self.field.remote_field.model._meta
        target = opts.get_field(getattr(self.field.remote_field, "field_name", opts.pk.attname))
        value = [item for item in value if is_possible_value(target, item)]
        return super().optgroups(name, value, attr)


class SafeAutocompleteSelect(_OnlyPossibleValues, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_OnlyPossibleValues, AutocompleteSelectMultiple):
    pass


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    # The objects linked already, when the form knows them (``known``): a choice left as
    # it was is not looked up again.
    known = ()

    def _check_values(self, value):
        known = {str(obj.pk): obj for obj in self.known}
        if value and not self.to_field_name and all(str(item) in known for item in value):
            return [known[str(item)] for item in dict.fromkeys(map(str, value))]
        opts = self.queryset.model._meta
        target = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        for item in value:
            if not isinstance(item, str) or item in self.empty_values:
                continue  # left to Django's own checks
            self.validate_no_null_characters(item)
            if not is_possible_value(target, item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)


class SafeRelatedFieldsMixin:
    """For a ModelAdmin: its foreign keys and many-to-many fields refuse malformed values
    with a message, and its autocomplete fields use the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", SafeModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
