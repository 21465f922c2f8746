"""{% record_cache "name" var … %}…{% endrecord_cache %}: a part of a page that every reader of one
audience sees alike, cached per version of the public record (see kernel/fragments.py)."""

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token

from kernel.fragments import cached_fragment

register = template.Library()


class RecordCacheNode(template.Node):
    def __init__(self, nodelist: NodeList, name: FilterExpression, vary: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.name = name
        self.vary = vary

    def render(self, context: template.Context) -> str:
        request = context.get("request")
        user = context.get("user") if request is None else request.user
        name = str(self.name.resolve(context))
        vary = tuple(v.resolve(context) for v in self.vary)
        return cached_fragment(request, user, name, vary, lambda: self.nodelist.render(context))


@register.tag("record_cache")
def record_cache(parser: Parser, token: Token) -> RecordCacheNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% record_cache %} needs a fragment name")
    nodelist = parser.parse(("endrecord_cache",))
    parser.delete_first_token()
    return RecordCacheNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]])
