import type { ApiError } from './errors';

/**
 * The server speaks English. For the refusals people meet on the screens, the French words, keyed by the
 * error's stable code; any other code keeps the server's English message with the code beside it.
 */
export const FRENCH_ERRORS: Readonly<Record<string, string>> = {
  // Requests in general
  validation_failed: 'Une valeur envoyée n’est pas valide.',
  bad_request: 'La demande n’est pas valide.',
  malformed_json: 'La demande n’est pas du JSON valide.',
  not_found: 'Introuvable.',
  route_not_found: 'Cette adresse de l’API n’existe pas.',
  permission_denied: 'Votre rôle ne permet pas cette action.',
  unauthenticated: 'Vous n’êtes pas connecté.',
  rate_limited: 'Trop de demandes. Patientez un instant puis réessayez.',
  version_conflict:
    'Quelqu’un a modifié cet élément entre-temps. Rechargez-le pour voir la dernière version, puis recommencez.',
  transaction_conflict: 'Une autre opération a eu lieu en même temps. Réessayez.',
  payload_too_large: 'Le fichier ou la demande est trop volumineux.',
  internal_error: 'Erreur interne du serveur.',
  database_unavailable: 'La base de données est indisponible pour le moment.',
  warehouse_scope_required: 'Cette action porte sur un entrepôt hors de votre périmètre.',
  scope_exceeds_own: 'Vous ne pouvez pas donner plus d’entrepôts que les vôtres.',
  // Stock and locations
  insufficient_stock: 'Stock disponible insuffisant pour cette quantité.',
  count_below_reserved: 'Le comptage est inférieur à la quantité réservée.',
  expected_quantity_mismatch:
    'Le stock a bougé depuis le début du comptage : rien n’a été enregistré, recommencez le comptage.',
  reason_sign_mismatch: 'Ce motif ne correspond pas au sens de l’ajustement (entrée ou sortie).',
  invalid_quantity: 'La quantité n’est pas valide.',
  same_location: 'L’emplacement de départ et d’arrivée sont les mêmes.',
  unknown_sku: 'Ce SKU n’existe pas.',
  unknown_location: 'Cet emplacement n’existe pas.',
  unknown_warehouse: 'Cet entrepôt n’existe pas.',
  sku_not_found: 'SKU introuvable.',
  sku_archived: 'Ce SKU est archivé.',
  sku_code_taken: 'Ce code SKU est déjà utilisé.',
  sku_is_kit: 'Un kit n’a pas de stock propre : agissez sur ses composants.',
  invalid_sku_code: 'Ce code SKU n’est pas valide.',
  invalid_gtin: 'Ce GTIN n’est pas valide (vérifiez la clé de contrôle).',
  gtin_taken: 'Ce GTIN est déjà utilisé par un autre SKU.',
  location_not_found: 'Emplacement introuvable.',
  location_archived: 'Cet emplacement est archivé.',
  location_code_taken: 'Ce code d’emplacement est déjà utilisé.',
  location_in_use: 'Cet emplacement est utilisé et ne peut pas être supprimé.',
  location_not_empty: 'Cet emplacement contient encore du stock.',
  invalid_location_code: 'Ce code d’emplacement n’est pas valide.',
  transfer_not_found: 'Transfert introuvable.',
  transfer_not_open: 'Ce transfert n’est plus ouvert.',
  receive_exceeds_transfer: 'La quantité reçue dépasse ce qui reste en transit.',
  reservation_not_found: 'Réservation introuvable.',
  reservation_not_open: 'Cette réservation n’est plus ouverte.',
  post_exceeds_reservation: 'La quantité à valider dépasse ce qui reste réservé sur la ligne.',
  line_not_in_reservation: 'Cette ligne n’appartient pas à la réservation.',
  expiry_in_past: 'L’expiration est dans le passé.',
  // Orders and shipments
  order_not_found: 'Commande introuvable.',
  order_not_open: 'Cette commande n’est plus ouverte.',
  order_on_hold: 'Cette commande est en attente.',
  order_not_on_hold: 'Cette commande n’est pas en attente.',
  units_in_fulfilment: 'Des unités sont déjà en préparation ou expédiées.',
  cancel_exceeds_open: 'On ne peut pas annuler plus que la quantité ouverte.',
  edit_below_shipped: 'La quantité ne peut pas descendre sous ce qui est déjà expédié.',
  unknown_line: 'Cette ligne n’existe pas dans la commande.',
  address_required: 'Une adresse de livraison est requise.',
  nothing_to_ship: 'Rien à expédier.',
  shipment_not_found: 'Expédition introuvable.',
  shipment_exceeds_allocated: 'L’expédition dépasse la quantité allouée.',
  delivered_in_future: 'La date de livraison est dans le futur.',
  delivered_before_shipped: 'La livraison ne peut pas précéder l’expédition.',
  unknown_channel: 'Ce canal n’existe pas.',
  // Warehouse outbound: waves, picking, packing, shipping
  warehouse_required: 'Cette commande est allouée dans plusieurs entrepôts : choisissez celui qui expédie.',
  nothing_to_wave:
    'Aucune commande avec du stock réservé dans cet entrepôt ne répond à ces règles (ou elles sont en attente).',
  invalid_limit: 'Cette limite doit être un nombre entier dans les bornes permises.',
  invalid_time: 'Cette date et heure n’est pas valide.',
  wave_not_found: 'Vague introuvable.',
  pick_list_not_found: 'Liste de prélèvement introuvable.',
  pick_task_not_found: 'Tâche de prélèvement introuvable.',
  shipment_already_on_pick_list: 'Cette expédition est déjà sur une liste de prélèvement.',
  mixed_warehouses: 'Ces expéditions partent d’entrepôts différents : une liste par entrepôt.',
  wrong_bin: 'Mauvais emplacement : allez à l’emplacement indiqué et scannez son étiquette.',
  wrong_item: 'Mauvais article : laissez-le dans l’emplacement et prenez l’article indiqué.',
  wrong_tote: 'Mauvais bac : mettez l’article dans le bac indiqué.',
  pick_exceeds_task: 'C’est plus que la tâche ne demande : remettez le surplus en place.',
  pick_task_not_open: 'Cette tâche de prélèvement est déjà confirmée.',
  picking_incomplete: 'Le prélèvement de cette expédition n’est pas terminé.',
  shipment_not_open: 'Cette expédition n’est plus ouverte.',
  shipment_not_shipped: 'Cette expédition n’est pas encore partie.',
  item_not_in_shipment: 'Cet article n’est pas dans cette expédition : mettez-le de côté.',
  unknown_item: 'Code inconnu (ni SKU ni GTIN) : scannez l’article à nouveau.',
  over_scan: 'Il y a déjà assez de cet article dans l’expédition : mettez le surplus de côté.',
  shipment_being_packed:
    'Cette expédition est en cours d’emballage ailleurs : terminez là-bas ou recommencez l’emballage ici.',
  packing_incomplete: 'L’emballage n’est pas complet : scannez les articles manquants ou recommencez.',
  shipping_profile_missing:
    'Cet entrepôt n’a pas de profil d’expédition (adresse de départ, préfixe d’entreprise GS1).',
  shipping_profile_not_found: 'Profil d’expédition introuvable.',
  shipment_not_packed: 'Emballez d’abord cette expédition en colis.',
  sscc_serials_exhausted: 'Plus aucun numéro SSCC disponible pour ce préfixe GS1.',
  unknown_carton_type: 'Ce type de carton n’existe pas.',
  parcel_too_heavy: 'Ce colis est trop lourd pour ce carton : répartissez-le ou prenez un carton plus grand.',
  duplicate_parcel: 'Ce numéro de colis apparaît deux fois.',
  parcel_missing: 'Un colis scanné n’est pas décrit (carton, poids).',
  empty_parcel: 'Ce colis est vide.',
  items_with_scans: 'Les articles ont été scannés : ne les listez pas en plus dans les colis.',
  carrier_not_found: 'Transporteur introuvable.',
  manual_carrier_fixed: 'Le transporteur manuel est intégré et ne se modifie pas.',
  invalid_rate_table: 'Cette grille tarifaire n’est pas valide.',
  unknown_service: 'Ce transporteur n’a pas ce service.',
  invalid_parcel: 'Ce colis n’est pas valide pour ce transporteur.',
  invalid_sscc: 'Ce SSCC n’est pas valide.',
  invalid_weight: 'Le poids doit être un nombre entier de grammes, 1 au moins.',
  invalid_dimension: 'La dimension doit être un nombre entier de millimètres, 1 au moins.',
  invalid_company_prefix: 'Le préfixe d’entreprise GS1 compte de 7 à 10 chiffres.',
  // Access and settings
  password_incorrect: 'Le mot de passe actuel n’est pas le bon.',
  weak_password: 'Le mot de passe doit compter de 12 à 256 caractères.',
  email_taken: 'Cette adresse e-mail est déjà utilisée.',
  owner_only: 'Seul un propriétaire peut faire cela.',
  cannot_disable_self: 'Vous ne pouvez pas désactiver votre propre compte.',
  cannot_change_own_role: 'Vous ne pouvez pas changer votre propre rôle.',
  user_not_found: 'Utilisateur introuvable.',
  channel_code_taken: 'Ce code de canal est déjà utilisé.',
  invalid_url: 'Cette URL n’est pas valide.',
  invalid_csv: 'Ce fichier CSV n’est pas lisible.',
};

/**
 * The words to show for an API error in a language: in French, ours for a known code, else the server's
 * English message with its code; in English, the server's own message.
 */
export function apiErrorText(error: ApiError, lang: string): string {
  if (lang !== 'fr') return error.message;
  const french = FRENCH_ERRORS[error.code];
  return french ?? `${error.message} (${error.code})`;
}

let currentLang = 'en';

/** Set by the language provider, so helpers outside React show errors in the chosen language. */
export function setErrorLanguage(lang: string): void {
  currentLang = lang;
}

/** apiErrorText in the language chosen on the screen. */
export function apiErrorMessage(error: ApiError): string {
  return apiErrorText(error, currentLang);
}
