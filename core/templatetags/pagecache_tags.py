from django import template

from core import pagecache

register = template.Library()


@register.tag
def shared_fragment(parser, token):
    """``{% shared_fragment key meta %}...{% end_shared_fragment %}``: with a
    key, the block comes from (or goes to) the cache; without one it renders
    as usual. See ``core.pagecache``."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(
            "shared_fragment takes a key and a meta variable"
        )
    nodelist = parser.parse(("end_shared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(
        nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2])
    )


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, key, meta):
        self.nodelist, self.key, self.meta = nodelist, key, meta

    def render(self, context):
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        return pagecache.fragment_render(
            context["request"],
            key,
            lambda: self.nodelist.render(context),
            self.meta.resolve(context) or {},
        )
