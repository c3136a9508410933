import { Query } from '../../../../shared/ddd/query';
import type { CoveredClinic } from '../ports/clinic-coverage.repository';

/** The tenant's registered clinics, whatever their coverage. */
export class ListCoveredClinicsQuery extends Query<CoveredClinic[]> {
  constructor(tenantId: string) {
    super(tenantId);
  }
}
