"""Hand-written articles of parallax's sample corpus (data/corpus/).

Every outlet, person, place-name combination and event below is fictional and was written for the project;
no sentence is taken from a real article. make_sample_corpus.py turns this module into the corpus files and
their ground truth, so edit the texts here (never the generated files) and run it again.

Body mini-language (one paragraph per line, paragraphs separated by a blank line):
  plain paragraph            the outlet's own writing (the outlet's typography is applied to it)
  @copy SRC A-B              source paragraphs A..B (0-based, inclusive) of article SRC, copied verbatim
  @copy SRC A reordered      one source paragraph, copied verbatim, placed in another order than in SRC
  @edit EDIT SRC A-B         an edited rewrite of source paragraphs A..B; EDIT is light, heavy or paraphrase;
  ...paragraphs...           the rewrite follows (blank-line separated paragraphs) up to a line "@end"
  @end
  @dup SRC                   the whole body of SRC (a syndicated copy)
  @boiler TEXT               a scrape boilerplate line (photo credit...), only in .txt articles; not body
"""

# Outlet key -> name, domain, language, typography style, URL pattern.
OUTLETS = {
    "afp": dict(name="Agence Franche Presse", domain="agence-franche-presse.fr", style="plain",
                url="https://www.agence-franche-presse.fr/depeches/{y}-{m}-{d}/{slug}"),
    "courrier": dict(name="Le Courrier du Rhône", domain="lecourrierdurhone.fr", style="curly_fr",
                     url="https://www.lecourrierdurhone.fr/actualite/{slug}-{y}{m}{d}"),
    "echo": dict(name="L'Écho de l'Estuaire", domain="echodelestuaire.fr", style="plain",
                 url="https://www.echodelestuaire.fr/port-merac/{y}/{m}/{d}/{slug}"),
    "depeche": dict(name="La Dépêche des Vallées", domain="depechedesvallees.fr", style="plain",
                    url="https://www.depechedesvallees.fr/{y}/{m}/{d}/{slug}"),
    "quotidien": dict(name="Le Quotidien Continental", domain="quotidiencontinental.fr", style="nbsp_fr",
                      url="https://www.quotidiencontinental.fr/article/{y}/{m}/{d}/{slug}.html"),
    "sudhorizon": dict(name="Sud Horizon", domain="sudhorizon.fr", style="plain",
                       url="https://sudhorizon.fr/actu/{slug}"),
    "infoexpress": dict(name="Info Express 24", domain="infoexpress24.fr", style="plain",
                        url="https://www.infoexpress24.fr/{y}{m}{d}/{slug}.html"),
    "contwire": dict(name="Continental Wire", domain="continentalwire.com", style="plain",
                     url="https://www.continentalwire.com/world/{slug}-{y}-{m}-{d}/"),
    "ledger": dict(name="The Northern Ledger", domain="northernledger.co.uk", style="curly_en",
                   url="https://www.northernledger.co.uk/news/{slug}"),
    "harbourside": dict(name="Harbourside Gazette", domain="harbourside-gazette.co.uk", style="plain",
                        url="https://www.harbourside-gazette.co.uk/news/{y}/{m}/{d}/{slug}"),
    "meridian": dict(name="The Evening Meridian", domain="eveningmeridian.com", style="curly_en",
                     url="https://www.eveningmeridian.com/{y}/{m}/{d}/{slug}"),
    "globalnews": dict(name="Global Newsdesk Daily", domain="globalnewsdesk.net", style="plain",
                       url="https://globalnewsdesk.net/story/{slug}"),
}

EVENTS = {
    "ev1": "Dock strike against terminal automation in the port of Port-Mérac (France)",
    "ev2": "Record flood of the Vérane river valley (south-eastern France)",
    "ev3": "Bank of Norvalia cuts its policy rate by 50 basis points",
    "ev4": "Striker Malik Darbois transferred from Northbridge Rovers to RC Valombre",
    "ev5": "Early-season wildfire in the Cézarde hills near Montferrier-les-Pins",
    "ev6": "Recount in the Kestlebridge mayoral election (England)",
}

ARTICLES = []


def A(id, event, outlet, date, lang, title, body, fmt="jsonl", head="", tail="", final_newline=False):
    """Declares one article. fmt "txt": written as data/corpus/txt/<id>.txt in the scraped format, with the
    head boilerplate (share buttons) after the title and the tail (a lone number...) after the body."""
    ARTICLES.append(dict(id=id, event=event, outlet=outlet, date=date, lang=lang, title=title, body=body,
                         fmt=fmt, head=head, tail=tail, final_newline=final_newline))


SHARE_FR = "Share on facebook\nShare on twitter\nShare on email"
SHARE_EN = "Share on facebook\nShare on twitter\nShare on linkedin\nShare on email"

# ---------------------------------------------------------------------------------------------------------------
# ev1: dock strike in Port-Mérac
# ---------------------------------------------------------------------------------------------------------------

A("ev1-afp-0311", "ev1", "afp", "2024-03-11", "fr",
  "Port-Mérac : les dockers en grève illimitée contre l'automatisation du terminal à conteneurs",
  """
Les dockers du Grand Port maritime de Port-Mérac ont cessé le travail lundi à 6 heures, à l'appel du Syndicat des ouvriers portuaires (SOPM), pour protester contre le projet d'automatisation du terminal de la Pointe-aux-Herbes, qui menace selon eux 180 emplois sur les 1 150 que compte la profession sur le site.

Dès la mi-journée, aucun portique ne fonctionnait sur les quais et vingt-deux navires attendaient au mouillage au large de l'estuaire, selon la capitainerie. Environ 9 000 conteneurs étaient immobilisés sur les terre-pleins, dont une partie de marchandises périssables destinées à la grande distribution.

« Ce projet a été décidé sans nous, il se fera sans nous ou il ne se fera pas », a déclaré Yannick Le Bihan, secrétaire général du SOPM, devant plusieurs centaines de grévistes rassemblés devant la capitainerie. Le syndicat réclame le retrait pur et simple du plan et l'ouverture de négociations sur l'avenir de la manutention portuaire.

La direction du port défend un investissement de 240 millions d'euros, jugé indispensable pour rester compétitif face aux grands ports du nord de l'Europe. « Aucun docker ne sera licencié, les départs seront compensés par des reconversions et des départs à la retraite non remplacés », a assuré la directrice générale, Hélène Marchetti, dans un communiqué.

La chambre de commerce et d'industrie de Port-Mérac estime le manque à gagner pour l'économie locale à 4,5 millions d'euros par jour de blocage. Son président, Gérard Fontaine, a appelé « toutes les parties à revenir rapidement autour de la table ».

Le mouvement, reconductible par périodes de 72 heures, doit être soumis à un nouveau vote en assemblée générale mercredi matin. Le ministère chargé des Transports a indiqué suivre la situation « avec attention » et n'exclut pas la nomination d'un médiateur.

Mis en service en 1987, le terminal de la Pointe-aux-Herbes traite près de 40 % du trafic de conteneurs du port, qui a manutentionné l'an dernier l'équivalent de 1,3 million de conteneurs de vingt pieds.
""")

A("ev1-infoexpress-0311", "ev1", "infoexpress", "2024-03-11", "fr",
  "Grève des dockers : le port de Port-Mérac paralysé",
  """
Par la rédaction d'Info Express 24 avec Agence Franche Presse, publié le 11/03/2024 à 14h52

@dup ev1-afp-0311
""")

A("ev1-echo-0312", "ev1", "echo", "2024-03-12", "fr",
  "Au deuxième jour de grève, l'estuaire retient son souffle",
  """
Sur le quai Duguay, mardi matin, les camions se sont alignés sur près de deux kilomètres. Certains chauffeurs ont dormi dans leur cabine, faute de pouvoir charger ou décharger. « J'ai quarante palettes de kiwis qui attendent depuis lundi, je ne sais pas ce que je vais en faire », soupire Karim, transporteur indépendant venu de la région nantaise.

@boiler Photo : J. Martin / L'Écho de l'Estuaire

Pour mesurer l'ampleur du mouvement, il faut revenir à lundi, premier jour d'un conflit que beaucoup, sur les quais, annoncent long.

@copy ev1-afp-0311 1-3

Mardi, la situation ne s'était guère améliorée. La capitainerie comptait désormais trente et un navires en attente, et plusieurs armateurs ont commencé à dérouter leurs porte-conteneurs vers d'autres ports de la façade atlantique, au risque de ne jamais revenir.

Dans les bars du quartier de la Criée, on soutient largement les grévistes. « Mon père était docker, mon grand-père aussi. Si on remplace les hommes par des machines, c'est tout le quartier qui meurt », estime Martine, patronne du Café des Amarres depuis vingt ans, en essuyant son comptoir.

Les commerçants du centre-ville se montrent plus partagés. Plusieurs restaurateurs disent craindre une rupture d'approvisionnement si le conflit dure au-delà de la semaine, et la fédération locale du commerce a demandé un rendez-vous en urgence à la sous-préfecture.

À la capitainerie, où les grévistes se relaient jour et nuit autour d'un brasero, l'ambiance reste bon enfant. On y partage des sandwichs, on y commente les dernières rumeurs venues de Paris et on y fait les comptes : une journée de grève coûte environ 150 euros à chaque docker. « On tiendra », assure l'un d'eux, vingt-trois ans de quai derrière lui.

La prochaine assemblée générale est fixée à mercredi, 8 heures. D'ici là, la direction a fait savoir qu'elle ne recevrait les syndicats qu'après la reprise du travail, une condition que le SOPM juge « inacceptable ».

Au-delà du port, c'est toute l'économie de l'estuaire qui tourne au ralenti. Les pilotes, les lamaneurs et les remorqueurs, privés de navires à faire entrer, sont au chômage technique. Les entreprises de logistique de la zone des Vergnes, qui emploient près de 2 000 personnes, ont commencé à renvoyer chez eux une partie de leurs intérimaires. « Si ça dure deux semaines, certains ne s'en relèveront pas », prévient le patron d'une PME de transit, qui préfère rester anonyme par crainte de se fâcher avec les dockers, ses voisins de toujours.
""", fmt="txt", head=SHARE_FR, tail="37")

A("ev1-quotidien-0312", "ev1", "quotidien", "2024-03-12", "fr",
  "Ports : à Port-Mérac, le bras de fer sur l'automatisation s'installe",
  """
@edit light ev1-afp-0311 0-2
Les dockers du Grand Port maritime de Port-Mérac ont cessé le travail lundi dès 6 heures, à l'appel du Syndicat des ouvriers portuaires (SOPM), pour protester contre le projet d'automatisation du terminal de la Pointe-aux-Herbes, qui menacerait selon eux 180 emplois sur les 1150 que compte la profession sur le site.

Dès la mi-journée, aucun portique ne fonctionnait plus sur les quais et 22 navires attendaient au mouillage au large de l'estuaire, d'après la capitainerie. Environ 9 000 conteneurs étaient bloqués sur les terre-pleins, dont une partie de marchandises périssables destinées à la grande distribution.

« Ce projet a été décidé sans nous. Il se fera sans nous ou il ne se fera pas », a lancé Yannick Le Bihan, secrétaire général du SOPM, devant plusieurs centaines de grévistes réunis devant la capitainerie. Le syndicat réclame le retrait du plan et l'ouverture de négociations sur l'avenir de la manutention portuaire.
@end

Le conflit de Port-Mérac dépasse largement le cadre local. Depuis deux ans, plusieurs grands ports européens ont engagé la robotisation de leurs terminaux, et la fédération nationale des ports et docks redoute un « effet domino » si le projet aboutit sans contreparties pour les salariés.

Au gouvernement, on marche sur des œufs. Le souvenir des longues grèves portuaires des années 1990 reste vif, et l'exécutif n'a aucune envie de voir les ports de la façade atlantique bloqués à l'approche de l'été. Un conseiller ministériel reconnaît, sous couvert d'anonymat, que « la nomination d'un médiateur est sur la table ».

Pour la direction du port, le calendrier est serré : les premiers portiques automatisés doivent être livrés à l'automne 2025, et tout retard renchérirait un chantier déjà estimé à 240 millions d'euros. Une source interne évoque des pénalités de plusieurs millions d'euros dues au constructeur en cas de report.

Sur le fond, les deux camps ne sont peut-être pas si éloignés. Le SOPM ne conteste pas la nécessité de moderniser des équipements vieux de près de quarante ans ; il réclame un calendrier plus long, un plan de formation et l'assurance que les métiers de la maintenance des futurs portiques reviendront aux dockers. La direction, de son côté, a déjà concédé en privé que le nombre de postes supprimés pourrait être revu à la baisse.

Encore faut-il que les discussions reprennent. Depuis lundi, aucune réunion n'a eu lieu entre les deux parties, et chacun attend que l'autre fasse le premier pas. « Dans ce genre de conflit, le premier qui cède a l'impression de perdre la face », résume un ancien négociateur de la branche, qui a connu les grandes grèves de 1992.

En attendant, les clients s'impatientent. Plusieurs chargeurs de la grande distribution ont déjà prévenu qu'ils basculeraient durablement une partie de leurs flux vers d'autres ports si le blocage devait dépasser une semaine.
""")

A("ev1-contwire-0313", "ev1", "contwire", "2024-03-13", "en",
  "French port of Port-Mérac shut for third day as government names mediator",
  """
PORT-MÉRAC, France, March 13 (Continental Wire) - The French government appointed a mediator on Wednesday in a dock strike that has shut the Atlantic port of Port-Mérac for three days, after workers voted to extend their walkout over plans to automate the Pointe-aux-Herbes container terminal.

Claire Dumesnil, a former labour inspector who brokered an end to a rail freight dispute in 2021, will meet union leaders and port management separately on Thursday, the transport ministry said in a statement.

Some 45 vessels were anchored offshore waiting to berth on Wednesday, up from 22 on Monday, according to harbour master data. Shipping lines have begun diverting container ships to other French and Belgian ports, and a refinery operator at nearby Saint-Gildas warned that its crude deliveries could be disrupted if the stoppage lasted into next week.

Dockers at a general meeting voted by a show of hands to renew the strike for another 72 hours. The SOPM union, which represents most of the port's 1,150 dockers, says the automation project would eliminate 180 jobs. Port management says no one will be laid off and that the reduction will come from retirements and retraining.

The project, budgeted at 240 million euros, would install remote-controlled cranes and driverless straddle carriers on the terminal, which handles around 40 percent of the port's container traffic.

The local chamber of commerce puts the cost of the blockade at 4.5 million euros a day. "Every day that passes, we lose customers who may never come back," chamber president Gérard Fontaine told Continental Wire.

The dispute is the longest at a French port since 2019. Transport ministry officials said they were not considering requisitioning workers, a step the government has occasionally taken during strikes that threaten fuel supplies.
""")

A("ev1-ledger-0316", "ev1", "ledger", "2024-03-16", "en",
  "French dockers end strike after deal shelves automation for 18 months",
  """
Dockers at the French Atlantic port of Port-Mérac voted on Saturday to return to work, ending a six-day strike that left dozens of ships stranded offshore and cost the local economy an estimated €25m.

Under an agreement reached in the early hours after a marathon session with the government mediator, Claire Dumesnil, the port authority will postpone the automation of its largest container terminal by 18 months and guarantee that there will be no compulsory redundancies.

The SOPM union, which had warned that 180 of the port's 1,150 dock jobs were at risk, also won a commitment to a retraining programme funded jointly by the port and the regional council. Its leader, Yannick Le Bihan, called the deal 'a pause, not a surrender'.

'We have not given up on modernising the port, but we have agreed to do it with the people who work there,' said Hélène Marchetti, the port's chief executive.

Several British shipping lines that route cargo through Port-Mérac had diverted vessels to Channel and North Sea ports during the stoppage. Operations were expected to return to normal by Tuesday, although the backlog of around 14,000 containers could take up to ten days to clear, the harbour master's office said.

Analysts said the outcome would be studied closely in other European ports weighing automation. 'This shows that a well-organised workforce can still set the pace of change,' said Fiona Carradine, a maritime economist at the University of Eastholme.
""")

A("ev1-courrier-0316", "ev1", "courrier", "2024-03-16", "fr",
  "Port-Mérac : accord trouvé, les dockers reprennent le travail lundi",
  """
Après six jours de paralysie, le port de Port-Mérac va pouvoir redémarrer. Réunis en assemblée générale samedi midi, les dockers ont approuvé à une large majorité le protocole d'accord conclu dans la nuit sous l'égide de la médiatrice Claire Dumesnil.

Le texte prévoit un report de dix-huit mois du projet d'automatisation du terminal de la Pointe-aux-Herbes, l'absence de tout licenciement contraint et la création d'un programme de formation financé à parts égales par le port et la région. Un comité de suivi, où siégeront quatre représentants du personnel, examinera chaque étape du chantier.

« On a obtenu du temps et des garanties écrites. Ce n'est pas rien », a commenté Yannick Le Bihan à la sortie de l'assemblée, sous les applaudissements. La directrice du port, Hélène Marchetti, a salué de son côté « un compromis responsable ».

Il faudra toutefois plusieurs jours pour résorber l'engorgement. Quelque 14 000 conteneurs restent en souffrance sur les terre-pleins et une quarantaine de navires patientent toujours au large. La capitainerie prévoit un retour à la normale d'ici une dizaine de jours.

Pour les entreprises de la région, l'addition est lourde. La chambre de commerce évalue les pertes à plus de 25 millions d'euros et demande à l'État un dispositif d'étalement des charges pour les transporteurs et les commerçants les plus touchés.
""")

# ---------------------------------------------------------------------------------------------------------------
# ev2: flood of the Vérane valley
# ---------------------------------------------------------------------------------------------------------------

A("ev2-afp-0314", "ev2", "afp", "2024-03-14", "fr",
  "Crue historique de la Vérane : un mort et 1 200 personnes évacuées",
  """
Une crue d'une ampleur inédite depuis trente ans a frappé jeudi la vallée de la Vérane, dans le sud-est de la France, faisant au moins un mort et contraignant les autorités à évacuer quelque 1 200 habitants, a annoncé la préfecture.

Le corps d'un homme de 67 ans, dont la voiture avait été emportée par les eaux mercredi soir sur une route submersible près de Lavernède, a été retrouvé jeudi matin par les plongeurs de la sécurité civile, a précisé le préfet Olivier Ravanel lors d'un point presse.

En 24 heures, il est tombé jusqu'à 180 millimètres de pluie sur le haut bassin de la rivière, l'équivalent de deux mois de précipitations, selon les services météorologiques.

À Saint-Julien-sur-Vérane, la rivière a atteint 6,40 mètres au pont de la Libération jeudi en début d'après-midi, dépassant le record de 5,85 mètres établi en novembre 1994. Le centre-ville était sous près d'un mètre d'eau et le camping des Berges avait été évacué dans la nuit.

Quelque 340 sapeurs-pompiers, appuyés par trois hélicoptères, ont effectué plus de 150 hélitreuillages et mises à l'abri, selon la préfecture. Une cinquantaine de personnes ont passé la nuit dans le gymnase municipal de Castelroux, transformé en centre d'hébergement d'urgence.

Environ 4 800 foyers étaient privés d'électricité jeudi soir et plusieurs axes routiers, dont la RD 912 entre Lavernède et Castelroux, restaient coupés. Les écoles de la vallée resteront fermées vendredi.

Le département avait été placé en vigilance rouge pluie-inondation mercredi après-midi. La décrue était attendue dans la nuit de jeudi à vendredi, mais les autorités appelaient les habitants à ne pas rentrer chez eux avant l'autorisation des secours.

La dernière crue comparable dans la vallée, en novembre 1994, avait fait trois morts et causé plus de 100 millions de francs de dégâts. Depuis, plusieurs digues ont été rehaussées en amont de Saint-Julien-sur-Vérane, mais les élus réclament depuis des années la construction d'un bassin de rétention, dont le financement n'a jamais été bouclé.
""")

A("ev2-sudhorizon-0314", "ev2", "sudhorizon", "2024-03-14", "fr",
  "Vérane : à Castelroux, le gymnase transformé en refuge pour les sinistrés",
  """
Il était un peu plus de 23 heures mercredi quand les premiers sinistrés ont poussé la porte du gymnase de Castelroux. Des familles avec enfants, des personnes âgées enveloppées dans des couvertures de survie, quelques campeurs néerlandais encore en tenue de randonnée.

« On a sorti les lits de camp du local du club de basket et les bénévoles sont arrivés une heure plus tard », raconte Nadia Ferhat, adjointe au maire chargée des solidarités, qui n'a pas fermé l'œil de la nuit.

@copy ev2-afp-0314 4-5

Jeudi soir, le gymnase accueillait encore une trentaine de personnes. Plusieurs restaurateurs de la commune ont apporté des repas chauds, et une collecte de vêtements a été organisée devant la mairie. « La solidarité, ici, ce n'est pas un vain mot », glisse une bénévole en distribuant des cafés.

Les sinistrés, eux, attendent de savoir quand ils pourront rentrer. Beaucoup n'ont emporté qu'un sac, parfois seulement les papiers d'identité et un téléphone, et redoutent ce qu'ils trouveront en poussant la porte de chez eux.
""")

A("ev2-depeche-0315", "ev2", "depeche", "2024-03-15", "fr",
  "Vallée de la Vérane : le récit d'une nuit de cauchemar",
  """
Vendredi matin, la Vérane a commencé à rendre les terres qu'elle avait englouties. Dans les rues de Saint-Julien, une boue brune recouvre les trottoirs, les vitrines et les voitures abandonnées en travers de la chaussée.

@edit heavy ev2-afp-0314 0-2
La vallée de la Vérane a connu jeudi sa pire crue depuis trois décennies. Bilan provisoire : un mort. Près de 1 200 habitants ont dû quitter leur domicile, selon les chiffres communiqués par la préfecture.

La victime, un homme âgé de 67 ans, circulait mercredi soir sur une route submersible aux abords de Lavernède lorsque sa voiture a été emportée ; les plongeurs de la sécurité civile ont découvert son corps jeudi matin, a indiqué le préfet Olivier Ravanel devant la presse. Sur le haut de la vallée, les cumuls ont atteint 180 millimètres en une journée, soit deux mois de pluie, d'après les services météorologiques.
@end

@boiler Photo : S. Garnier / La Dépêche des Vallées

À Lavernède, la famille de la victime, un retraité bien connu du club de pétanque, a demandé que l'on respecte son deuil. Le maire, Jean-Paul Rouquette, a fait mettre les drapeaux en berne devant la mairie.

À Saint-Julien-sur-Vérane, où la rivière a dépassé de plus de cinquante centimètres son record de 1994, les commerçants font l'inventaire. « J'ai tout perdu : le stock, la chambre froide, la caisse. Trente ans de travail », lâche Didier, boucher rue des Tanneurs, les bottes encore pleines d'eau.

La maire, Martine Soulier, a annoncé qu'elle demanderait dès lundi la reconnaissance de l'état de catastrophe naturelle. Une cellule d'accueil pour les sinistrés ouvrira samedi dans la salle des fêtes, avec des assureurs et une psychologue.

Dans les villages de la haute vallée, la solidarité s'organise. À Castelroux, une cagnotte ouverte par le comité des fêtes a déjà recueilli plus de 12 000 euros. Les agriculteurs, eux, mesurent l'étendue des dégâts : des hectares de vergers sont recouverts de limon et plusieurs dizaines de brebis ont péri dans une bergerie inondée près de Lavernède.
""", fmt="txt", head=SHARE_FR, tail="\u00a0\n\n128")

A("ev2-courrier-0315", "ev2", "courrier", "2024-03-15", "fr",
  "Inondations dans la vallée de la Vérane : routes coupées, écoles fermées",
  """
Les habitants de la vallée de la Vérane se sont réveillés vendredi dans un paysage de désolation, au lendemain d'une crue qui a surpris jusqu'aux plus anciens. Partout, les mêmes images : des champs transformés en lacs, des clôtures arrachées, des arbres couchés au milieu des routes.

@copy ev2-afp-0314 5 reordered

Sur la route de Castelroux, les gendarmes ont installé des barrières à chaque carrefour. Les automobilistes qui tentent de passer sont renvoyés vers les hauteurs par un itinéraire de délestage qui rallonge le trajet de près d'une heure.

@copy ev2-afp-0314 3 reordered

Le drame de la nuit de mercredi à jeudi pèse sur toute la vallée.

@copy ev2-afp-0314 1 reordered

Les services de l'État appellent à la plus grande prudence : les berges fragilisées peuvent s'effondrer et l'eau stagnante dans les caves présente un risque électrique. Un numéro vert a été mis en place pour les sinistrés.
""")

A("ev2-meridian-0315", "ev2", "meridian", "2024-03-15", "en",
  "One dead as record flood sweeps through southern French valley",
  """
A man has died and around 1,200 people have been forced from their homes after the Vérane river in south-eastern France burst its banks, reaching its highest level in three decades.

The 67-year-old was driving on a low-lying road near the village of Lavernède on Wednesday evening when his car was swept away. Divers recovered his body the following morning, the local prefect said.

In Saint-Julien-sur-Vérane, the largest town in the valley, the river peaked at 6.4 metres on Thursday afternoon, well above the previous record of 5.85 metres set in 1994. Television pictures showed cars floating through the old town and residents being winched from rooftops by helicopter.

Up to 180mm of rain fell in 24 hours on the upper valley, roughly two months' worth, after a slow-moving storm stalled over the region. Meteorologists have warned that such intense downpours are becoming more frequent around the Mediterranean as sea temperatures rise.

Around 4,800 homes were still without electricity on Thursday night. Local officials said a campsite on the river bank had been cleared in the early hours, including a group of Dutch walkers who were moved to a sports hall in the nearby town of Castelroux.

Schools across the valley were closed on Friday and a main road between Lavernède and Castelroux remained under water. Officials urged residents not to return home until emergency services had declared buildings safe, warning that river banks weakened by the flood could still collapse.
""")

A("ev2-quotidien-0316", "ev2", "quotidien", "2024-03-16", "fr",
  "Après la crue de la Vérane, l'État promet une indemnisation rapide",
  """
En visite samedi à Saint-Julien-sur-Vérane, le ministre de l'Intérieur, Laurent Desprez, a promis que l'état de catastrophe naturelle serait reconnu « dans les tout prochains jours » pour les communes de la vallée, ravagée jeudi par une crue record.

Bottes aux pieds, le ministre a arpenté pendant près d'une heure les rues du centre ancien, où l'eau est montée jusqu'à un mètre dans les commerces. Il s'est longuement entretenu avec la maire, Martine Soulier, qui évalue les dégâts sur sa seule commune à « au moins 30 millions d'euros ».

Le bilan humain s'établit à un mort, un automobiliste de 67 ans emporté près de Lavernède. Mais les dégâts matériels sont considérables : plus de 2 000 habitations ont été touchées, selon un premier recensement, et une trentaine d'entreprises artisanales ont vu leur outil de travail détruit.

La crue relance le débat sur l'urbanisation des zones inondables. Une partie des quartiers submergés a été construite dans les années 1970, bien avant l'adoption du plan de prévention des risques. « On a laissé bâtir là où la rivière reprend toujours ses droits », déplore un hydrologue joint par téléphone.

Le ministre a annoncé le déblocage d'une enveloppe d'urgence de 5 millions d'euros pour les communes sinistrées et l'envoi de 200 militaires de la sécurité civile pour les opérations de nettoyage, qui devraient durer plusieurs semaines.

Les assureurs, eux, ont commencé à affluer. Plusieurs compagnies ont installé des bureaux mobiles sur la place de la mairie et promettent des premiers acomptes sous dix jours pour les sinistrés qui ont perdu leur logement. Les associations de consommateurs conseillent de photographier chaque pièce et de conserver les objets endommagés jusqu'au passage de l'expert.

Reste la question du retour de la crue. Les hydrologues rappellent que des épisodes de pluies intenses comme celui de mercredi, autrefois observés tous les trente ou quarante ans, sont devenus nettement plus fréquents sur le pourtour méditerranéen. La préfecture a annoncé la révision du plan de prévention des risques de la vallée dès cette année.
""")

# ---------------------------------------------------------------------------------------------------------------
# ev3: Bank of Norvalia rate cut
# ---------------------------------------------------------------------------------------------------------------

A("ev3-contwire-0320", "ev3", "contwire", "2024-03-20", "en",
  "Bank of Norvalia cuts rates by half a point, more than expected",
  """
OSTBERG, March 20 (Continental Wire) - The Bank of Norvalia cut its main policy rate by 50 basis points to 3.75% on Wednesday, a larger reduction than markets had expected, as inflation fell back towards target and the economy slipped into contraction.

The decision, the central bank's first rate cut since March 2020, was taken by a five-to-two vote of the monetary policy committee. The two dissenting members preferred a smaller cut of 25 basis points, according to a statement published alongside the decision.

Annual consumer price inflation slowed to 2.1% in February from a peak of 9.4% in late 2022, bringing it within reach of the bank's 2% target. Gross domestic product shrank by 0.3% in the fourth quarter, official figures showed last week.

"Inflation is no longer the main threat to the Norvalian economy. Keeping policy this tight for longer would do unnecessary damage to jobs and investment," Governor Ingrid Halvorsen told a news conference.

The krone fell 1.2% against the euro within minutes of the announcement, to 11.46 per euro, its weakest level since November. Two-year government bond yields dropped 18 basis points to 3.41%.

Of 24 economists polled by Continental Wire last week, 19 had forecast a quarter-point cut and five had expected rates to remain on hold. None had predicted a half-point move.

The bank said further reductions were likely this year but would depend on wage growth, which remains above 5%. Its next policy meeting is scheduled for May 8.

Analysts said the size of the cut reflected growing concern about the labour market. Unemployment rose to 4.9% in January, its highest level in three years, and a survey of manufacturers published on Monday showed new orders falling for a sixth consecutive month.
""")

A("ev3-globalnews-0320", "ev3", "globalnews", "2024-03-20", "en",
  "Norvalia's central bank surprises with jumbo rate cut",
  """
By Global Newsdesk Daily staff, with Continental Wire | March 20, 2024 15:07 GMT

@dup ev3-contwire-0320
""")

A("ev3-afp-0320", "ev3", "afp", "2024-03-20", "fr",
  "Norvalie : la banque centrale baisse ses taux plus que prévu",
  """
La Banque de Norvalie a réduit mercredi son taux directeur d'un demi-point de pourcentage, à 3,75 %, une baisse plus forte qu'attendu destinée à soutenir une économie entrée en contraction, a annoncé l'institution à Ostberg.

Il s'agit de la première baisse des taux depuis mars 2020. Le comité de politique monétaire s'est prononcé par cinq voix contre deux, les deux membres minoritaires plaidant pour une réduction limitée à 25 points de base.

« Maintenir une politique aussi restrictive plus longtemps ferait des dégâts inutiles sur l'emploi et l'investissement », a déclaré la gouverneure Ingrid Halvorsen lors d'une conférence de presse.

L'inflation a ralenti à 2,1 % sur un an en février, tout près de l'objectif de 2 % fixé par la banque centrale, tandis que le produit intérieur brut a reculé de 0,3 % au dernier trimestre de 2023.

La couronne a perdu 1,2 % face à l'euro dans la foulée de l'annonce. La prochaine réunion de politique monétaire aura lieu le 8 mai.

Les syndicats ont salué une décision « attendue depuis des mois », tandis que l'opposition libérale a reproché à la banque centrale de céder à la pression du gouvernement, à un an des élections législatives.

La Norvalie, dont l'économie dépend largement des exportations de bois, de poisson et de navires, avait vu son activité marquer le pas dès l'été dernier, sous l'effet du ralentissement de la demande européenne.
""")

A("ev3-ledger-0320", "ev3", "ledger", "2024-03-20", "en",
  "Norvalian borrowers cheer rate cut, but savers lose out",
  """
For the 1.4 million Norvalian households with variable-rate mortgages, Wednesday's decision by the central bank will bring relief within weeks. For the country's savers, it marks the end of an unusually good run.

The Bank of Norvalia lowered its policy rate from 4.25% to 3.75%, its first cut in four years and twice the size that most economists had pencilled in.

@copy ev3-contwire-0320 2-3

Lenders were quick to respond. Ostberg Savings Bank, the country's largest mortgage provider, said it would lower its standard variable rate by the full half-point from April 1, cutting the monthly bill on a typical 2.5 million krone loan by roughly 700 krone.

Savings rates are likely to follow them down. 'The golden period for deposit accounts is over,' said Henrik Solvang, an analyst at the consumer group Pengevakt. 'People who have been sitting on cash should look at fixing their rate now, before the banks pass on the cut.'

Not everyone applauded. The opposition's finance spokesperson, Maren Eklund, accused the bank of 'panicking' over one bad quarter and warned that a weaker krone would push up the price of imported goods.

For first-time buyers, the cut may come too late to make much difference this spring. House prices in Ostberg have fallen by around 8% since their peak, but estate agents say many would-be buyers are waiting to see whether borrowing costs fall further before committing.
""")

A("ev3-meridian-0321", "ev3", "meridian", "2024-03-21", "en",
  "Norvalia's central bank goes big with first rate cut in four years",
  """
@edit light ev3-contwire-0320 0-1
The Bank of Norvalia cut its main policy rate by 50 basis points to 3.75 per cent on Wednesday, a bigger reduction than markets had expected, as inflation fell back towards target and the economy slipped into contraction.

The decision, the central bank's first rate cut since March 2020, was taken by a 5-2 vote of the monetary policy committee. The two dissenting members would have preferred a smaller cut of 25 basis points, according to a statement published with the decision.
@end

Currency traders reacted swiftly. Within the hour the krone had lost more than one per cent against both the euro and the dollar, while shares in the country's big exporters, led by the shipbuilder Halvik Marine, rose sharply.

Governor Ingrid Halvorsen has spent the past two years defending high rates against criticism from industry and from the government. On Wednesday she argued that the battle against inflation had largely been won, pointing to a steep fall in energy and food prices since the summer.

@edit light ev3-contwire-0320 5
Of the 24 economists polled by Continental Wire last week, 19 had forecast a quarter-point cut, and five had expected rates to stay on hold. None had predicted a half-point move.
@end

The central bank's next meeting is on 8 May. Most analysts now expect at least one further cut before the summer, although several warned that a weaker currency could slow the fall in inflation.
""")

A("ev3-quotidien-0321", "ev3", "quotidien", "2024-03-21", "fr",
  "La banque centrale de Norvalie frappe fort en abaissant ses taux d'un demi-point",
  """
Surprise à Ostberg. La Banque de Norvalie a abaissé mercredi son principal taux directeur de 50 points de base, à 3,75 %, alors que la plupart des économistes tablaient sur une baisse deux fois moindre. C'est la première détente monétaire depuis le printemps 2020.

La gouverneure, Ingrid Halvorsen, a justifié ce geste par le net reflux de l'inflation, revenue à 2,1 % sur un an en février, contre plus de 9 % fin 2022. « L'inflation n'est plus la principale menace », a-t-elle fait valoir, en s'inquiétant davantage du recul de l'activité : le produit intérieur brut a reculé de 0,3 % au quatrième trimestre.

La décision n'a pas fait l'unanimité. Deux des sept membres du comité de politique monétaire ont voté pour une baisse limitée à un quart de point, signe que le débat reste vif sur le rythme de l'assouplissement.

Sur les marchés, la couronne norvalienne a aussitôt décroché de 1,2 % face à l'euro, à 11,46 couronnes pour un euro. Une bonne nouvelle pour les exportateurs, notamment les chantiers navals et l'industrie du bois, mais une moins bonne pour les ménages, qui paieront plus cher les produits importés.

Pour les entreprises françaises implantées dans le pays, une soixantaine selon la chambre de commerce bilatérale, la baisse des taux pourrait relancer des projets d'investissement gelés depuis deux ans. La prochaine réunion de la banque centrale est prévue le 8 mai.
""")

# ---------------------------------------------------------------------------------------------------------------
# ev4: transfer of Malik Darbois
# ---------------------------------------------------------------------------------------------------------------

A("ev4-afp-0318", "ev4", "afp", "2024-03-18", "fr",
  "Football : accord entre le RC Valombre et Northbridge pour le transfert de Malik Darbois",
  """
Le RC Valombre a annoncé lundi avoir trouvé un accord avec le club anglais de Northbridge Rovers pour le transfert cet été de l'attaquant international français Malik Darbois, pour un montant de 48 millions d'euros, hors bonus, un record pour le club.

Âgé de 24 ans, Darbois s'est engagé pour cinq saisons, jusqu'en juin 2029. Il a passé avec succès sa visite médicale dimanche et rejoindra son nouveau club le 1er juillet, à l'ouverture du marché des transferts.

Des bonus pouvant atteindre 7 millions d'euros, liés notamment à une qualification en Ligue des champions, pourraient porter le montant total de l'opération à 55 millions d'euros, selon une source proche du dossier.

Formé à Valombre avant de partir en Angleterre à 19 ans, l'attaquant a inscrit 23 buts toutes compétitions confondues la saison dernière avec Northbridge, ce qui lui a valu sa première convocation en sélection nationale en novembre.

« Revenir à la maison, c'était un rêve d'enfant. Je veux offrir un titre à ce club et à cette ville », a déclaré le joueur dans une vidéo publiée sur les réseaux sociaux du club.

Le président du RC Valombre, Bernard Castagné, a salué « un signal fort envoyé à toute l'Europe ». Le club, troisième du championnat, espère disputer la Ligue des champions la saison prochaine.

Côté anglais, l'entraîneur de Northbridge, Graham Whitlock, s'est dit « triste de perdre un joueur exceptionnel », tout en assurant que la somme perçue serait « intégralement réinvestie » dans l'effectif.

Ce transfert intervient alors que le RC Valombre, racheté en 2021 par un fonds d'investissement, a annoncé l'an dernier un plan de développement de 200 millions d'euros comprenant la rénovation de son stade et la construction d'un nouveau centre d'entraînement.
""")

A("ev4-courrier-0318", "ev4", "courrier", "2024-03-18", "fr",
  "Malik Darbois revient au RC Valombre : « un rêve d'enfant »",
  """
C'est officiel depuis lundi midi : l'enfant du pays revient. Cinq ans après son départ pour l'Angleterre, Malik Darbois portera de nouveau le maillot ciel et blanc du RC Valombre à partir de cet été.

@edit light ev4-afp-0318 0-1
Le RC Valombre a annoncé lundi avoir conclu un accord avec le club anglais de Northbridge Rovers pour le transfert cet été de l'attaquant international français Malik Darbois, pour 48 millions d'euros hors bonus, un record pour le club.

Âgé de 24 ans, Darbois s'est engagé pour cinq ans, jusqu'en juin 2029. Il a passé avec succès sa visite médicale dimanche et rejoindra officiellement son nouveau club le 1er juillet, à l'ouverture du mercato.
@end

@boiler Photo : RC Valombre / DR

À Valombre, la nouvelle a fait l'effet d'une bombe. Devant la boutique officielle du club, une file d'attente s'est formée dès l'après-midi pour précommander le maillot floqué du numéro 9. « Je l'ai vu jouer chez les moins de 15 ans, il marquait déjà des deux pieds », se souvient Roger, abonné depuis 1978.

@edit light ev4-afp-0318 4
« Revenir à la maison, c'était un rêve d'enfant. Je veux offrir un titre à ce club et à cette ville », a affirmé le joueur dans une vidéo diffusée sur les réseaux sociaux du club.
@end

Reste à savoir comment Darbois s'intégrera dans le système de jeu de l'entraîneur Pascal Ribeyre, qui évolue le plus souvent avec deux attaquants. Le club, qui a vendu son buteur historique l'été dernier, en avait en tout cas fait la priorité absolue de son mercato.
""", fmt="txt", head="Partager sur Facebook\nPartager sur Twitter", tail="56", final_newline=True)

A("ev4-sudhorizon-0319", "ev4", "sudhorizon", "2024-03-19", "fr",
  "Darbois à Valombre : les coulisses d'un transfert record",
  """
Il aura fallu trois mois de négociations, deux allers-retours à Londres et une visite médicale organisée dans la plus grande discrétion pour boucler le dossier le plus important de l'histoire du RC Valombre.

Selon nos informations, Northbridge Rovers réclamait au départ plus de 60 millions d'euros. Le club du Sud a fait baisser la note en étalant les paiements sur trois exercices et en ajoutant des bonus indexés sur les résultats sportifs.

@edit paraphrase ev4-afp-0318 3-5
Le joueur de 24 ans n'est pas un inconnu à Valombre : c'est au centre de formation du club qu'il a fait ses classes, avant de tenter l'aventure anglaise à 19 ans. Avec Northbridge, il a marqué à 23 reprises la saison passée, en comptant toutes les compétitions, et cette réussite lui a ouvert en novembre les portes de la sélection nationale.

Dans un message vidéo diffusé par son futur club, Darbois parle d'un rêve d'enfant devenu réalité et promet de tout faire pour ramener un trophée à Valombre.

Pour Bernard Castagné, le président du club, cette arrivée est un signal fort adressé au football européen. Actuellement sur la troisième marche du podium, Valombre vise une place en Ligue des champions pour la saison prochaine.
@end

Reste une question : Darbois terminera-t-il la saison en Angleterre avec la même envie ? Northbridge, qui lutte pour une place européenne, compte sur lui jusqu'au dernier match, et ses supporters ne lui pardonneraient pas une fin de saison au ralenti.

À Valombre, on veut croire que le retour de l'enfant du pays lancera une nouvelle ère. Le club, qui n'a plus remporté de trophée depuis 2011, a déjà annoncé une hausse de 15 % du prix des abonnements pour la saison prochaine, une décision diversement accueillie par les supporters.
""")

A("ev4-infoexpress-0319", "ev4", "infoexpress", "2024-03-19", "fr",
  "Transfert de Darbois : Northbridge promet de réinvestir, la facture pourrait grimper",
  """
Le feuilleton Malik Darbois a connu son épilogue lundi avec l'annonce de son transfert au RC Valombre. Voici ce qu'il faut retenir de l'opération, la plus chère de l'histoire du club.

@copy ev4-afp-0318 6 reordered

Selon la presse britannique, Northbridge aurait déjà coché plusieurs noms pour remplacer son buteur, dont un jeune attaquant scandinave qui évolue dans le championnat belge.

@copy ev4-afp-0318 2 reordered

Ce montant placerait l'opération parmi les dix transferts les plus chers jamais réalisés par un club français. Il dépasserait largement le précédent record du RC Valombre, établi en 2019 avec l'achat d'un milieu de terrain brésilien pour 21 millions d'euros.

Le joueur, lui, a promis de rester concentré sur la fin de saison avec son club actuel, qui dispute encore la coupe nationale et peut espérer une qualification européenne.

À Valombre, l'entraîneur Pascal Ribeyre s'est refusé à tout commentaire sur le rôle qu'il réserve à sa future recrue, se contentant d'évoquer « un joueur qui connaît la maison ».
""")

A("ev4-ledger-0318", "ev4", "ledger", "2024-03-18", "en",
  "Northbridge Rovers agree €48m sale of Malik Darbois to French club Valombre",
  """
Northbridge Rovers have agreed to sell striker Malik Darbois to RC Valombre for an initial €48m (about £41m), ending months of speculation over the future of the club's leading scorer.

The 24-year-old Frenchman will join the club where he began his career on 1 July after signing a five-year contract. Add-ons linked to Champions League qualification could take the fee to €55m, a record sale for Rovers.

Darbois arrived at Northbridge from Valombre's academy as a 19-year-old for a fee of just £800,000. He scored 23 goals in all competitions last season, earning a first senior international call-up in November.

Manager Graham Whitlock admitted the club could not stand in the player's way. 'Malik told us a long time ago that he dreamed of going home one day. When the offer reached a certain level, it was the right deal for everyone,' Whitlock said. 'Every penny will go back into the squad.'

The sale will ease pressure on Rovers' finances after the club reported a pre-tax loss of £27.5m for last year, but supporters' groups expressed frustration. 'We keep selling our best players and calling it ambition,' said a spokesperson for the Northbridge Supporters' Trust.

Darbois is expected to play the remainder of the season for Rovers, who sit seventh in the table, four points off the European places.
""")

A("ev4-harbourside-0319", "ev4", "harbourside", "2024-03-19", "en",
  "'He was one of us': Northbridge fans prepare to say goodbye to Darbois",
  """
Outside the Quayside Stadium on Tuesday morning, the mood among Northbridge Rovers fans was a mixture of pride and resignation after the club confirmed it had agreed to sell Malik Darbois to the French side RC Valombre.

The striker, who arrived from France as a teenager speaking barely a word of English, became a cult figure at the Quayside, scoring 23 goals last season and famously learning the words of the club anthem in his first month.

'He was one of us. He'd stop and talk to the kids after every training session,' said season-ticket holder Janet Pryce, 61, who has followed Rovers for more than four decades. 'You can't blame him for wanting to go home, but it hurts.'

At the Anchor pub on Dock Street, where a signed Darbois shirt hangs behind the bar, landlord Steve Mullins said it would stay there. 'He gave us some of the best afternoons we've had in twenty years. That shirt isn't going anywhere.'

The fee, reported at €48 million plus add-ons, is the largest Rovers have ever received. Manager Graham Whitlock has promised to reinvest the money in the squad, but fans will want to see new signings before the summer is out.

Darbois is expected to say goodbye to supporters at the last home game of the season, against Castleford Athletic on 11 May.

The club said a farewell presentation was being planned, and the supporters' trust has started a collection to buy him a framed montage of his goals at the Quayside.
""")

# ---------------------------------------------------------------------------------------------------------------
# ev5: wildfire in the Cézarde hills
# ---------------------------------------------------------------------------------------------------------------

A("ev5-afp-0319", "ev5", "afp", "2024-03-19", "fr",
  "Incendie dans le massif de la Cézarde : 2 300 hectares brûlés, 3 000 personnes évacuées",
  """
Un violent incendie, attisé par un mistral soufflant jusqu'à 80 km/h, a parcouru quelque 2 300 hectares de garrigue et de pinède depuis lundi après-midi dans le massif de la Cézarde, dans le sud de la France, entraînant l'évacuation d'environ 3 000 personnes, selon un bilan de la préfecture mardi matin.

Le feu est parti vers 14 h 30 lundi en bordure d'une exploitation agricole, près du hameau des Agudes, sur la commune de Montferrier-les-Pins. Poussé par le vent, il a progressé vers le sud à une vitesse de plusieurs kilomètres par heure, franchissant la route départementale 47.

Près de 900 sapeurs-pompiers venus de cinq départements, appuyés par six bombardiers d'eau et deux hélicoptères, étaient mobilisés mardi. Un pompier a été légèrement blessé à la main et un habitant a été hospitalisé après avoir inhalé des fumées.

Douze maisons ont été détruites ou gravement endommagées, principalement dans le lotissement des Cigales, à l'entrée de Montferrier-les-Pins, a indiqué la préfète Sylvie Carrère lors d'un point presse. Un camping et une colonie de vacances ont également été évacués par précaution.

« Le feu n'est pas fixé. Nous attendons une baisse du vent en fin de journée pour tenter de le circonscrire », a déclaré le colonel Thierry Ballester, commandant des opérations de secours. Une reprise du vent est redoutée dans la nuit.

Un incendie d'une telle ampleur est exceptionnel à cette période de l'année, mais la région sort de l'hiver le plus sec enregistré depuis 1959, avec un déficit de pluie de près de 60 %. Une enquête a été ouverte pour déterminer l'origine du sinistre ; la piste d'un brûlage agricole mal maîtrisé est privilégiée.

La circulation ferroviaire est interrompue entre Montferrier-les-Pins et Bastide-Neuve, et les écoles de la commune resteront fermées mardi et mercredi.
""", fmt="txt", head=SHARE_FR + "\n\nPhoto : Franche Presse / N. Terral", tail="214")

A("ev5-infoexpress-0319", "ev5", "infoexpress", "2024-03-19", "fr",
  "Feu de la Cézarde : 3 000 évacués, douze maisons détruites",
  """
Par Info Express 24 avec Agence Franche Presse, le 19/03/2024 à 10h41

@dup ev5-afp-0319
""", fmt="txt", head="Share on facebook\nShare on twitter\nShare on linkedin\nShare on email",
  tail="Publicité\n\n12", final_newline=True)

A("ev5-sudhorizon-0319", "ev5", "sudhorizon", "2024-03-19", "fr",
  "Montferrier-les-Pins : « On a vu les flammes descendre la colline »",
  """
Ils ont eu à peine dix minutes pour partir. Lundi vers 17 heures, les habitants du lotissement des Cigales ont vu une colonne de fumée noire envahir le ciel, puis les premières flammes apparaître au sommet de la colline qui domine leurs maisons.

« On a pris les papiers, le chat et on est partis. Quand je me suis retournée au rond-point, le feu était déjà dans les jardins », raconte Sandrine Vial, 52 ans, dont la maison fait partie de celles qui ont brûlé. Elle a passé la nuit chez sa sœur, à Bastide-Neuve.

@copy ev5-afp-0319 2-4

Mardi en fin de matinée, une odeur âcre flottait encore sur tout le village. Le maire, Alain Peyrolle, a ouvert la salle polyvalente pour accueillir les familles sinistrées et lancé un appel aux dons de vêtements et de produits d'hygiène.
""")

A("ev5-depeche-0320", "ev5", "depeche", "2024-03-20", "fr",
  "Incendie de la Cézarde : le feu en voie de fixation après une deuxième nuit de lutte",
  """
Deuxième nuit sous haute tension pour les habitants de Montferrier-les-Pins et des communes voisines, qui ont suivi heure par heure la progression des flammes sur les crêtes.

@edit light ev5-afp-0319 0-1
Un violent incendie, attisé par un mistral soufflant jusqu'à 80 kilomètres/heure, a parcouru quelque 2300 hectares de garrigue et de pinède depuis lundi après-midi dans le massif de la Cézarde, entraînant l'évacuation d'environ 3 000 personnes, selon le dernier bilan de la préfecture.

Le feu s'est déclaré vers 14 h 30 lundi en lisière d'une exploitation agricole, près du hameau des Agudes, sur la commune de Montferrier-les-Pins. Poussé par le vent, il a progressé vers le sud à une vitesse de plusieurs kilomètres à l'heure, franchissant la départementale 47.
@end

Mercredi matin, la préfecture annonçait que le feu était « en voie de fixation ». Le vent est tombé dans la nuit, permettant aux bombardiers d'eau de multiplier les largages sur le flanc est, le plus menaçant pour les habitations.

Dans la vallée voisine, les agriculteurs s'inquiètent pour leurs troupeaux. Plusieurs éleveurs de chèvres ont dû déplacer leurs bêtes en urgence vers des prés situés à une vingtaine de kilomètres.

Le parquet a confirmé mercredi l'ouverture d'une enquête pour « destruction involontaire par incendie ». Un agriculteur de 58 ans a été entendu par les gendarmes, selon une source proche du dossier.
""")

A("ev5-quotidien-0320", "ev5", "quotidien", "2024-03-20", "fr",
  "Feu de la Cézarde : un hiver trop sec, un feu trop tôt",
  """
Il n'est pas encore le printemps et déjà les bombardiers d'eau tournent au-dessus de la garrigue. Le feu de la Cézarde, qui a brûlé 2 300 hectares depuis lundi, sonne comme un avertissement, estiment les spécialistes de la forêt méditerranéenne.

@edit heavy ev5-afp-0319 3-5
Selon la préfète Sylvie Carrère, douze habitations ont été détruites ou sérieusement abîmées. La plupart se trouvaient dans le lotissement des Cigales, aux portes de Montferrier-les-Pins. Par précaution, les autorités ont aussi fait évacuer un camping ainsi qu'une colonie de vacances.

Le commandant des secours, le colonel Thierry Ballester, reconnaissait mardi que l'incendie n'était « pas fixé » et misait sur l'accalmie attendue en soirée pour le circonscrire, tout en redoutant un retour du vent pendant la nuit. Un feu de cette taille en mars relève de l'exception. Mais la région vient de traverser son hiver le plus sec depuis 1959, avec près de 60 % de pluie en moins. Les enquêteurs privilégient l'hypothèse d'un brûlage agricole qui aurait échappé à tout contrôle.
@end

« Ce que l'on voyait en août, on le voit désormais en mars », résume un ancien officier de sapeurs-pompiers devenu consultant. Selon lui, la saison des feux s'allonge d'année en année, alors que les moyens aériens restent dimensionnés pour l'été.

Le gouvernement a promis de présenter avant l'été un plan de renforcement de la flotte de bombardiers d'eau. Les élus du Sud réclament, eux, des moyens pour le débroussaillement, obligatoire autour des habitations mais rarement contrôlé.

Dans le massif de la Cézarde, le débroussaillement fait l'objet de débats depuis des années. Les propriétaires de résidences secondaires, nombreux dans le lotissement des Cigales, y sont soumis comme les autres, mais les communes manquent d'agents pour vérifier les terrains. Selon un rapport parlementaire publié l'an dernier, moins d'un tiers des obligations de débroussaillement sont respectées dans les départements les plus exposés.

Les forestiers plaident aussi pour un changement d'essences. Les pins d'Alep, qui ont colonisé les anciennes terres agricoles au siècle dernier, brûlent comme des torches. Des chênes verts et des cultures en mosaïque, vignes ou oliviers, formeraient des coupe-feux naturels, à condition que l'agriculture reste rentable sur ces coteaux.
""")

A("ev5-contwire-0320", "ev5", "contwire", "2024-03-20", "en",
  "Early-season wildfire forces 3,000 from homes in southern France",
  """
MONTFERRIER-LES-PINS, France, March 20 (Continental Wire) - Nearly 900 firefighters battled on Wednesday to contain a wildfire that has burned about 2,300 hectares of scrub and pine forest in southern France, an unusually early blaze that officials blamed on a record dry winter and strong winds.

Around 3,000 people were evacuated from Montferrier-les-Pins and surrounding hamlets on Monday evening as gusts of up to 80 km/h drove the flames south across a main road. Twelve houses were destroyed or badly damaged, regional prefect Sylvie Carrère said.

Six water-bombing aircraft and two helicopters were deployed. One firefighter suffered a minor hand injury and a resident was taken to hospital after inhaling smoke.

The region has just had its driest winter since 1959, with rainfall nearly 60% below normal. Investigators believe the fire may have started when agricultural burning on a farm got out of control.

Wildfires in March are rare in the area, where the fire season usually peaks in July and August. Climate scientists have warned that hotter, drier conditions are lengthening the fire season across southern Europe.

Firefighters said on Wednesday morning that the blaze was close to being contained after the wind dropped overnight, but warned that hot spots could flare up again.
""")

A("ev5-courrier-0321", "ev5", "courrier", "2024-03-21", "fr",
  "Le feu de la Cézarde est fixé, les évacués autorisés à rentrer",
  """
Après trois jours de lutte, les pompiers ont annoncé jeudi matin que l'incendie du massif de la Cézarde était fixé. Le sinistre a parcouru au total 2 450 hectares, selon le bilan définitif communiqué par la préfecture.

Les quelque 3 000 personnes évacuées depuis lundi ont été autorisées à regagner leur domicile en fin de matinée, à l'exception des habitants du lotissement des Cigales, où douze maisons ont été détruites et où des risques d'effondrement persistent.

« Ce sont des images que je n'oublierai jamais », confie Alain Peyrolle, le maire de Montferrier-les-Pins, qui a passé les trois dernières nuits en mairie. Il demande la reconnaissance de l'état de catastrophe naturelle et un soutien rapide pour les familles qui ont tout perdu.

Quelque 400 pompiers restent mobilisés pour surveiller les lisières et traiter les points chauds, qui pourraient reprendre à la faveur d'un coup de vent. La route départementale 47 a été rouverte à la circulation, mais la vitesse y est limitée à 50 km/h.

L'enquête progresse. Un agriculteur du hameau des Agudes a reconnu avoir procédé lundi à un brûlage de végétaux malgré l'interdiction préfectorale en vigueur. Il pourrait être poursuivi pour destruction involontaire par incendie.

Dans les prochains jours, l'Office national des forêts doit dresser un premier état des lieux des parcelles brûlées. Les forestiers redoutent l'érosion des sols nus si de fortes pluies s'abattent sur le massif au printemps.
""")

# ---------------------------------------------------------------------------------------------------------------
# ev6: Kestlebridge mayoral recount
# ---------------------------------------------------------------------------------------------------------------

A("ev6-contwire-0315", "ev6", "contwire", "2024-03-15", "en",
  "Recount ordered in Kestlebridge mayoral race after 23-vote margin",
  """
KESTLEBRIDGE, England, March 15 (Continental Wire) - A full recount was ordered on Friday in the election for mayor of Kestlebridge after the first count gave the Civic Renewal candidate, Rosalind Mercer, a lead of just 23 votes over independent Thomas Aldane out of more than 41,000 ballots cast.

Returning officer Priya Natarajan said the recount would begin at 9 a.m. on Saturday at the Kestlebridge Leisure Centre and was expected to take most of the day. About 60 counting staff will take part, and both candidates will be allowed to appoint observers.

According to the provisional result, Mercer received 15,412 votes and Aldane 15,389. The remaining votes were shared among four other candidates. Turnout was 38.6%, up from 31.2% at the previous election in 2020.

Aldane's campaign requested the recount shortly after 3 a.m., citing concerns about 212 ballot papers that had been rejected, most of them because voters had marked more than one candidate or because the official mark was missing.

"We are not alleging any wrongdoing. We simply want every valid vote to be counted," Aldane told reporters outside the count. "In a race this close, that is the least residents deserve."

Mercer, a former head teacher who has led Civic Renewal on the borough council since 2019, said she was confident the result would stand. "I respect the process and I'm ready to wait another day," she said.

Even if the recount confirms her victory, the losing candidate could still challenge the result by lodging an election petition, which would be heard by a specially convened election court.
""")

A("ev6-globalnews-0315", "ev6", "globalnews", "2024-03-15", "en",
  "Knife-edge mayoral vote in Kestlebridge goes to recount",
  """
Global Newsdesk Daily | Wire report | 15 March 2024, 11:20

@dup ev6-contwire-0315
""")

A("ev6-harbourside-0315", "ev6", "harbourside", "2024-03-15", "en",
  "Kestlebridge holds its breath as mayoral count goes down to the wire",
  """
It was almost 4 a.m. when the tired-looking counting staff at the Kestlebridge Leisure Centre were told to put down their trays. After a long night, the town still did not know who its next mayor would be.

The first result put Rosalind Mercer of Civic Renewal ahead of independent Thomas Aldane by 23 votes, fewer than the number of people who usually turn up to a council planning meeting.

@copy ev6-contwire-0315 3-4

Supporters of both camps lingered in the car park as dawn broke. 'I've voted in every election since 1974 and I've never seen anything like it,' said retired postman Dennis Hartley, 78, who had come to watch the count with his granddaughter.

Inside, the mood among officials was calm but weary. Several counting staff said they had been on their feet since the polls closed at 10 p.m. and would be back again in a few hours for the recount.

The Gazette will be at the recount on Saturday and will bring readers live updates on our website throughout the day.

Whoever wins will become only the third directly elected mayor of Kestlebridge since the post was created in 2012, and will take office on Monday with the annual budget still to be finalised.
""")

A("ev6-ledger-0316", "ev6", "ledger", "2024-03-16", "en",
  "Every vote counts: Kestlebridge mayoral race heads for a second look",
  """
@edit heavy ev6-contwire-0315 0-2
Kestlebridge will have to wait another day to learn who its mayor is. After the first count on Friday, Rosalind Mercer of Civic Renewal was ahead of Thomas Aldane, who stood as an independent, by a mere 23 votes, with more than 41,000 ballots cast, so a full recount has been ordered.

The recount is due to start at 9 a.m. on Saturday at the town's leisure centre. Priya Natarajan, the returning officer, expects it to last most of the day; around 60 staff will count the papers and each candidate may send observers. Provisional figures gave Mercer 15,412 votes against 15,389 for Aldane. Four other candidates split the rest, on a turnout of 38.6%, compared with 31.2% in 2020.
@end

The tight race reflects how much the town's politics have fragmented. Civic Renewal, founded by a group of parents campaigning against school closures a decade ago, now controls the council, but Aldane, a local builder and former rugby club chairman, has tapped into frustration over potholes, bus cuts and the stalled redevelopment of the old gasworks site.

Whatever the outcome, the new mayor will inherit a budget gap estimated at £6.8m and a council tax rise already approved for April. Both candidates have promised to protect frontline services, without saying how.

Turnout, although higher than four years ago, still means that fewer than four in ten registered voters took part. Several residents told the Ledger they had not realised an election was taking place until they saw the television crews outside the leisure centre.
""")

A("ev6-meridian-0316", "ev6", "meridian", "2024-03-16", "en",
  "Kestlebridge recount: what we know and what happens next",
  """
Kestlebridge's mayoral election has become the closest in the town's history, with only 23 votes separating the two leading candidates after the first count. Here is what we know so far.

@copy ev6-contwire-0315 5 reordered

Why was a recount called? Any candidate or election agent can ask the returning officer for a recount, and the request is normally granted when the margin is small.

@copy ev6-contwire-0315 3 reordered

When will we know? Officials hope to declare a result on Saturday evening.

@copy ev6-contwire-0315 1 reordered

Could the result still be challenged? Yes. An election petition can be lodged within 21 days of the declaration. Such challenges are rare and expensive, and most of them fail.
""")

A("ev6-quotidien-0317", "ev6", "quotidien", "2024-03-17", "fr",
  "Royaume-Uni : à Kestlebridge, une maire élue à neuf voix près",
  """
Il aura fallu deux dépouillements et plus de trente heures de comptage pour départager les candidats. Rosalind Mercer, du mouvement local Civic Renewal, a été déclarée élue samedi soir maire de Kestlebridge, une ville de 120 000 habitants du nord de l'Angleterre, avec neuf voix d'avance sur l'indépendant Thomas Aldane.

Au premier décompte, vendredi, l'écart n'était que de 23 voix sur plus de 41 000 bulletins. Le recomptage, réclamé par le camp Aldane, a conduit à valider une partie des 212 bulletins initialement écartés, ce qui a encore resserré le résultat : 15 431 voix contre 15 422.

« C'est une victoire de la démocratie locale, pas la mienne », a réagi l'ancienne directrice d'école, visiblement éprouvée. Son adversaire, un entrepreneur du bâtiment, n'a pas reconnu sa défaite et a indiqué qu'il consultait ses avocats en vue d'un éventuel recours devant un tribunal électoral.

Ce scrutin serré illustre la fragmentation de la vie politique britannique au niveau local, où les listes indépendantes et les mouvements citoyens gagnent du terrain face aux grands partis. La participation, de 38,6 %, a progressé de plus de sept points par rapport à 2020.

La nouvelle maire prendra ses fonctions lundi. Elle a promis de s'attaquer en priorité à la rénovation des routes et au réaménagement de l'ancienne usine à gaz, un projet enlisé depuis dix ans.
""")

# ---------------------------------------------------------------------------------------------------------------
# Standalone articles (no event, no reuse): noise for the clustering and the pair search
# ---------------------------------------------------------------------------------------------------------------

A("misc-ledger-0312", None, "ledger", "2024-03-12", "en",
  "Eastholme's Victorian library reopens after £4.2m restoration",
  """
Eastholme's central library reopened its doors on Monday after a two-year restoration that has returned the Grade II listed building to something close to its original 1888 splendour.

The £4.2m project, funded largely by a heritage lottery grant and a bequest from a former borough librarian, has repaired the leaking glass dome above the main reading room, restored the carved oak shelving and uncovered a mosaic floor that had been hidden under carpet since the 1960s.

'When we lifted the carpet tiles, nobody could quite believe what was underneath,' said project architect Naomi Birchall. 'It was filthy, but almost every piece was intact.'

The library has also been brought into the present century. A lift now serves all three floors for the first time, the basement has been turned into a children's room with a small theatre, and the old newspaper store has become a digital workshop with 3D printers and recording equipment.

Visitor numbers had fallen to around 90,000 a year before the closure, less than half the figure of two decades ago. The council hopes the refurbishment, together with longer opening hours on weekday evenings, will draw back families and students.

More than 600 people queued in the rain for the reopening, which was marked by a reading from the local poet laureate and a brass band playing on the front steps.
""")

A("misc-courrier-0313", None, "courrier", "2024-03-13", "fr",
  "Bressanges : le tramway ira jusqu'à Montclar en 2028",
  """
Le conseil métropolitain de Bressanges a approuvé mardi soir, par 68 voix contre 21, le prolongement de la ligne 3 du tramway jusqu'au quartier de Montclar. Le chantier, estimé à 310 millions d'euros, doit débuter au printemps 2025 pour une mise en service à la rentrée 2028.

Longue de 4,2 kilomètres, l'extension comptera sept nouvelles stations, dont une desservant le futur pôle hospitalier des Tilleuls. Selon les projections de la métropole, elle devrait transporter 28 000 voyageurs par jour et permettre de retirer de la circulation près de 9 000 voitures aux heures de pointe.

Le projet ne fait pas l'unanimité. L'opposition dénonce un coût « démesuré » et aurait préféré un bus à haut niveau de service, deux fois moins cher. Les commerçants de l'avenue Gambetta, qui verra passer les rames, redoutent quant à eux trois années de travaux et demandent un fonds d'indemnisation.

« Nous avons tiré les leçons de la ligne 2 : les travaux seront phasés par tronçons de 500 mètres et aucun commerce ne restera inaccessible plus de six semaines », assure la vice-présidente chargée des mobilités, Sophie Lambertin.

Le tracé prévoit aussi une piste cyclable continue de bout en bout et la plantation de 650 arbres. Une enquête publique sera ouverte à l'automne ; les habitants pourront y consulter le dossier et formuler leurs observations pendant un mois.
""")

A("misc-quotidien-0314", None, "quotidien", "2024-03-14", "fr",
  "À Corvenne, le musée des Beaux-Arts rouvre après quatre ans de travaux",
  """
Fermé depuis l'automne 2020, le musée des Beaux-Arts de Corvenne rouvre ses portes samedi au terme d'une rénovation de 26 millions d'euros qui a profondément transformé ce palais du XVIIIe siècle, longtemps jugé poussiéreux et mal éclairé.

La cour intérieure, couverte d'une verrière légère, est devenue le cœur du parcours. Les surfaces d'exposition ont augmenté de 40 %, ce qui permet de montrer près de 1 800 œuvres, contre à peine un millier auparavant. Les réserves, installées jusque-là dans des caves humides, ont été déménagées dans un bâtiment neuf en périphérie.

Le chantier a réservé une belle surprise. En nettoyant une grande toile sombre reléguée dans un couloir, les restaurateurs ont découvert une signature et une date, 1654, qui permettent de l'attribuer au peintre Jacques Verlande, un élève de l'atelier royal dont on ne connaissait jusqu'ici que trois tableaux.

« Nous voulions un musée où l'on entre comme dans un jardin public, sans se sentir intimidé », explique la directrice, Anne-Claire Dubreuil. Des bancs ont été installés dans chaque salle, les cartels ont été réécrits dans une langue accessible et une salle entière est consacrée aux enfants.

L'entrée sera gratuite pendant tout le week-end d'ouverture, puis fixée à 9 euros, avec la gratuité maintenue pour les moins de 26 ans et le premier dimanche du mois.

La réouverture s'accompagne d'une exposition temporaire consacrée aux paysages de la région peints au XIXe siècle, rassemblant une soixantaine de toiles prêtées par des collections privées. Le musée espère accueillir 150 000 visiteurs par an, soit près du double de sa fréquentation d'avant les travaux.
""")

A("misc-depeche-0317", None, "depeche", "2024-03-17", "fr",
  "À Saint-Brévin-des-Monts, l'école rouvre ses portes après six ans de fermeture",
  """
Il y avait des ballons accrochés au portail et un gâteau au chocolat sur le bureau de la maîtresse. Lundi matin, l'école de Saint-Brévin-des-Monts, fermée en 2018 faute d'élèves, a rouvert sa classe unique devant quatorze enfants âgés de 3 à 10 ans.

@boiler Photo : D. Rey / La Dépêche des Vallées

Le village, perché à 1 100 mètres d'altitude, avait perdu près d'un tiers de sa population en vingt ans. La tendance s'est inversée depuis la crise sanitaire : une dizaine de familles, souvent venues des grandes villes de la région, se sont installées dans d'anciennes fermes rénovées, attirées par les prix de l'immobilier et la possibilité de travailler à distance.

« Quand on est arrivés, il fallait faire 25 minutes de route en lacets pour emmener les enfants à l'école de la vallée. L'hiver, c'était parfois impossible », raconte Élodie Marchand, graphiste et mère de deux garçons, qui a porté le projet de réouverture avec d'autres parents.

La commune a investi 180 000 euros pour remettre aux normes le bâtiment, une ancienne maison d'instituteur du XIXe siècle. L'académie a accepté de rouvrir un poste d'enseignant, à condition que l'effectif ne descende pas sous douze élèves pendant trois ans.

« C'est une renaissance », résume le maire, Henri Fabre, qui se souvient avoir lui-même usé ses fonds de culotte sur ces bancs. La cantine sera assurée par l'auberge du village, qui livrera chaque jour des repas préparés avec des produits locaux.
""", fmt="txt", head=SHARE_FR, tail="9")

A("misc-meridian-0318", None, "meridian", "2024-03-18", "en",
  "Urban foxes are growing bolder, citizen science study suggests",
  """
Foxes living in cities are becoming noticeably less wary of people, according to a study that drew on more than 11,000 sightings logged by members of the public over six years.

Researchers asked volunteers in four cities to record how close they could get to a fox before it ran away. Between 2017 and 2023, the average 'flight distance' fell from about 14 metres to just under nine, with the sharpest change in parks and residential streets where people often leave food out.

'Foxes are quick learners. If approaching humans pays off, with a sandwich or a bin left open, they will keep doing it, and their cubs learn it from them,' said the study's lead author, Dr Helen Okafor, a behavioural ecologist.

The team found no evidence that foxes had become more aggressive. Reports of bites remain extremely rare, and most involve animals that were cornered or injured. But the authors say bolder foxes are more likely to be hit by cars and to come into conflict with pet owners.

The researchers recommend that residents stop feeding foxes deliberately and secure their rubbish. They also want councils to collect better data, noting that most complaints about urban wildlife are never recorded.

The study, which has not yet been peer reviewed, will be presented at a conference on urban ecology next month.
""")

A("misc-sudhorizon-0320", None, "sudhorizon", "2024-03-20", "fr",
  "Jazz en Garrigue : une vingtième édition sous le signe des grandes voix",
  """
Le festival Jazz en Garrigue soufflera ses vingt bougies du 18 au 21 juillet à Villeneuve-des-Oliviers. Les organisateurs ont dévoilé mardi soir une programmation qui fait la part belle aux voix, avec onze concerts sur la scène du théâtre de verdure et une vingtaine de rendez-vous gratuits dans les rues du village.

La chanteuse Ada Moreno ouvrira les festivités le jeudi soir avec son nouveau répertoire, entre bossa et ballades. Le samedi, le quartet du saxophoniste Lucien Barral partagera l'affiche avec un big band de La Nouvelle-Orléans, une première pour le festival.

« Pour nos vingt ans, on voulait à la fois remercier le public fidèle et surprendre ceux qui pensent que le jazz est une musique de spécialistes », explique le directeur artistique, Marc Esteban, qui a repris les rênes du festival il y a cinq ans.

Nouveauté de cette édition, une scène « tremplin » accueillera chaque après-midi des formations de jeunes musiciens issus des conservatoires de la région. Le lauréat, désigné par un jury et par le public, sera invité à jouer en ouverture de la prochaine édition.

Avec un budget de 1,2 million d'euros, le festival avait attiré l'an dernier près de 14 000 spectateurs. Les billets seront mis en vente le 2 avril, de 25 à 48 euros, avec un pass quatre soirs à 140 euros. Des navettes gratuites relieront la gare au site chaque soir.
""")
