"""What a published SVG picture may hold: the allow-lists of elements, attributes and CSS
functions (everything else is left out), and the names that mark a picture as hostile."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"

# Elements that draw, group, define paint, filter, clip, or animate a picture: nothing here can
# run script, hold HTML or link to a page. <a> is kept as a <g> (its link left out).
ELEMENTS = _words(
    """
    svg g defs symbol use switch title desc style
    path rect circle ellipse line polyline polygon
    text tspan textPath
    linearGradient radialGradient stop pattern clipPath mask marker image
    filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix
    feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB
    feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset
    fePointLight feSpecularLighting feSpotLight feTile feTurbulence
    animate animateMotion animateTransform set mpath
    """
)
ANIMATIONS = frozenset(["animate", "animateMotion", "animateTransform", "set"])
# Elements left out without a word: what drawing programs write for themselves.
QUIET_ELEMENTS = frozenset(["metadata"])
# Elements that exist to run code or show a page, in any namespace: a picture holding one is
# refused, whatever else it holds.
HOSTILE_ELEMENTS = frozenset(
    ["script", "foreignObject", "iframe", "embed", "object", "handler", "listener", "frame"]
)

# Attributes that are CSS values (presentation attributes): the browser reads url() in them.
PRESENTATION = _words(
    """
    alignment-baseline baseline-shift clip clip-path clip-rule color color-interpolation
    color-interpolation-filters color-rendering cursor direction display dominant-baseline
    fill fill-opacity fill-rule filter flood-color flood-opacity font font-family font-size
    font-size-adjust font-stretch font-style font-variant font-weight
    glyph-orientation-horizontal glyph-orientation-vertical image-rendering isolation kerning
    letter-spacing lighting-color marker marker-end marker-mid marker-start mask mask-type
    mix-blend-mode opacity overflow paint-order pointer-events shape-rendering stop-color
    stop-opacity stroke stroke-dasharray stroke-dashoffset stroke-linecap stroke-linejoin
    stroke-miterlimit stroke-opacity stroke-width text-anchor text-decoration text-rendering
    transform-box transform-origin unicode-bidi vector-effect visibility white-space
    word-spacing writing-mode
    """
)
# Attributes whose values are numbers, lengths, keywords or text: kept as they are.
PLAIN = _words(
    """
    id class lang tabindex role focusable version baseProfile
    x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width height d points pathLength
    viewBox preserveAspectRatio transform zoomAndPan
    gradientUnits gradientTransform spreadMethod offset
    patternUnits patternContentUnits patternTransform
    clipPathUnits maskUnits maskContentUnits
    markerUnits markerWidth markerHeight refX refY orient
    dx dy rotate textLength lengthAdjust startOffset method spacing side
    filterUnits primitiveUnits in in2 result mode type values tableValues slope intercept
    amplitude exponent operator k1 k2 k3 k4 order kernelMatrix divisor bias targetX targetY
    edgeMode kernelUnitLength preserveAlpha surfaceScale diffuseConstant specularConstant
    specularExponent limitingConeAngle azimuth elevation pointsAtX pointsAtY pointsAtZ z
    scale xChannelSelector yChannelSelector stdDeviation radius baseFrequency numOctaves
    seed stitchTiles
    attributeType begin dur end min max restart repeatCount repeatDur calcMode keyTimes
    keySplines additive accumulate path keyPoints
    requiredFeatures requiredExtensions systemLanguage
    """
)
# An animation's values are values of the attribute it animates (a colour, or url(#…)).
ANIMATION_VALUES = frozenset(["values", "from", "to", "by"])
# Elements whose href may name something else: a fragment of the picture itself (#id), and for
# <image> and <feImage> a raster picture in a data: address or beside the picture.
FRAGMENT_HREF = _words(
    """
    use linearGradient radialGradient pattern textPath mpath filter
    animate animateMotion animateTransform set
    """
)
PICTURE_HREF = frozenset(["image", "feImage"])
DATA_PICTURES = frozenset(["image/png", "image/jpeg", "image/gif", "image/webp"])
URL_ATTRIBUTES = frozenset(["href", "src", "action", "formaction"])
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "livescript:")

# CSS functions that only compute a value (colours, lengths, transforms): any other function
# (image-set(), image(), element(), expression(), …) is left out with its declaration.
CSS_FUNCTIONS = _words(
    """
    rgb rgba hsl hsla hwb lab lch oklab oklch color color-mix light-dark
    calc min max clamp var env
    matrix matrix3d translate translatex translatey translate3d scale scalex scaley scale3d
    rotate rotatex rotatey rotate3d skew skewx skewy perspective
    cubic-bezier steps linear-gradient radial-gradient repeating-linear-gradient
    repeating-radial-gradient conic-gradient drop-shadow blur brightness contrast grayscale
    hue-rotate invert saturate sepia
    """
)
# At-rules whose blocks are style rules: kept, their rules checked. Others (@import,
# @font-face, @namespace, …) load something or are not needed by a picture.
CSS_BLOCK_AT_RULES = frozenset(["media", "supports", "keyframes", "-webkit-keyframes"])
