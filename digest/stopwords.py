"""Our stop words, added to stopwordsiso's: function words and colloquial chat forms."""

from __future__ import annotations

_FI = """
aina ajan alla alle alta asti ehkä ei eikä eivät emme en enemmän ennen ensin eri
et ette että he heidän heidät heille heillä heiltä heistä heitä hieman hyvin hän hänelle
hänellä häneltä hänen häneen hänestä häntä ihan ilman itse ja jo johon joiden joihin joilla
joille joilta joissa joista joita joka jokainen joku jolla jolle jolloin jolta jompikumpi
jonka jonkin jonne jos joskus jossa josta jota jotain joten jotka jotta juuri jälkeen kai
kaikki kaikkea kanssa kautta keitä ken kenen kenelle keneltä kenestä kenet ketkä ketä koko
koska kuin kuinka kuka ketä kukaan kumpi kun kunnes kuten kyllä lähes lisäksi me meidän
meidät meille meillä meiltä meistä meitä melko mihin mikin mikä mikään milloin millä miltä
minkä minua minulla minulle minulta minun minussa minusta minut minuun minä missä mistä
miten miksi mitä mitään mukaan mutta muu muuta muut muiden myös mä mulla mulle multa mun
mut ne niiden niihin niillä niille niiltä niin niissä niistä niitä noin nyt näiden näihin
näillä näille näiltä näin näissä näistä näitä nämä ole olemme olen olet olette oli olimme
olin olisi olisimme olisin olisit olisitte olisivat olit olitte olivat olla olleet ollut
on ovat paljon pitää pitäisi saa saada sama se sekä sen siellä siihen siinä siis siitä
sillä silloin sinne sinua sinulla sinulle sinulta sinun sinussa sinusta sinut sinuun sinä
sitten sitä suoraan sä tai taas tai tässä te teidän teidät teille teillä teiltä teistä
teitä tietysti toki tosi tuo tuohon tuolla tuolle tuolta tuon tuossa tuosta tuota tähän
täällä tämä tämän tänne tässä tästä tätä vaan vai vaikka vain vielä voi voida voisi
vähän yhä yli ym yms jne
ois pitäis vois oikeesti sit ni niinku joo tää toi noi ku meiän teiän mul sul kans onks eiks
"""

_SV = """
alla allt alltid andra att av bara blev bli blir de dem den denna deras dess det detta dig
din dina ditt du där efter ej eller en er era ert ett fast finns från för ha hade han
hans har hela hennes henne hon honom hur här i icke ingen inom inte jag ju kan kom kunde
man med mellan men mer mig min mina mitt mot mycket ni nog när någon något några och ofta
om oss på samma sedan sig sin sina sitta själv skulle som så sådan till under upp ut utan
vad var vara varför varit varje vars vart vem vi vid vilka vilken vilket vår våra vårt än
är åt över också redan bara väl
"""

_EN = """
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is
it its itself just me more most my myself no nor not now of off on once only or other our
ours ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we
were what when where which while who whom why will with would you your yours yourself
yourselves get got really still even much many like
"""

STOP_WORDS: dict[str, frozenset[str]] = {
    "fi": frozenset(_FI.split()),
    "sv": frozenset(_SV.split()),
    "en": frozenset(_EN.split()),
}
